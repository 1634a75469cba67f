import { findMeasurement, type MeasurementInput } from '@hemma/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MeasurementResult } from '../apiTypes';
import { useLang } from '../i18n';
import { saveOrQueue } from '../offline/outbox';
import { useDeviceOwner } from '../offline/owner';
import { Feedback } from '../patient/Feedback';
import { QueuedNotice } from '../patient/QueuedNotice';
import { formatDateTime } from '../shared/format';
import { formatObservationValue } from '../shared/measurementText';
import { PageTitle } from '../shared/PageTitle';
import { type DeviceProfile, PROFILES } from './profiles';
import { type DeviceIdentity, readDevice } from './session';
import { type Prepared, prepareReadings } from './submission';
import { type BluetoothLike, bluetoothAvailability, type Unavailable } from './webBluetooth';

type Step =
  | { kind: 'checking' }
  | { kind: 'unavailable'; reason: Unavailable }
  | { kind: 'choose'; bluetooth: BluetoothLike; error?: string }
  | { kind: 'reading'; bluetooth: BluetoothLike; profile: DeviceProfile; count: number }
  | {
      kind: 'confirm';
      bluetooth: BluetoothLike;
      profile: DeviceProfile;
      identity: DeviceIdentity;
      prepared: Prepared;
      errors: string[];
    }
  | { kind: 'sending' }
  | {
      kind: 'done';
      bluetooth: BluetoothLike;
      profile: DeviceProfile;
      results: MeasurementResult[];
      queued: boolean;
    };

const valuesOf = (m: MeasurementInput): number[] =>
  m.components ? m.components.map((c) => c.value) : m.value === undefined ? [] : [m.value];

/** "Mät med Bluetooth-enhet": pick the kind of device, let the browser find it, read, confirm, send. */
export function BlePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const ownerId = useDeviceOwner();
  const [step, setStep] = useState<Step>({ kind: 'checking' });
  const stop = useRef<AbortController | null>(null);
  const focusRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void bluetoothAvailability().then((a) =>
      setStep(
        'bluetooth' in a
          ? { kind: 'choose', bluetooth: a.bluetooth }
          : { kind: 'unavailable', reason: a.reason },
      ),
    );
  }, []);

  useEffect(() => {
    if (step.kind === 'confirm' || step.kind === 'reading') focusRef.current?.focus();
  }, [step.kind]);

  async function connect(bluetooth: BluetoothLike, profile: DeviceProfile) {
    stop.current = new AbortController();
    setStep({ kind: 'reading', bluetooth, profile, count: 0 });
    try {
      const session = await readDevice(bluetooth, profile, {
        signal: stop.current.signal,
        onReading: () => setStep((s) => (s.kind === 'reading' ? { ...s, count: s.count + 1 } : s)),
      });
      setStep({
        kind: 'confirm',
        bluetooth,
        profile,
        identity: session.identity,
        prepared: prepareReadings(session.readings, session.identity),
        errors: session.errors,
      });
    } catch (e) {
      // The patient closed the browser's device picker, or the device went away.
      const cancelled = e instanceof DOMException && e.name === 'NotFoundError';
      setStep({ kind: 'choose', bluetooth, error: cancelled ? undefined : t('ble.connectFailed') });
    }
  }

  async function send(bluetooth: BluetoothLike, profile: DeviceProfile, prepared: Prepared) {
    setStep({ kind: 'sending' });
    const results: MeasurementResult[] = [];
    let queued = false;
    for (const value of prepared.values) {
      const saved = await saveOrQueue(ownerId, value.body, value.key);
      if (saved === null) queued = true;
      else results.push(...saved);
    }
    setStep({ kind: 'done', bluetooth, profile, results, queued });
  }

  const title = t('ble.title');
  return (
    <div className="narrow">
      <p className="back-link">
        <Link to="/patient">{t('record.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>

      {step.kind === 'checking' && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      )}

      {step.kind === 'unavailable' && (
        <div className="notice" role="status">
          <p>{t(`ble.unavailable.${step.reason}`)}</p>
          <p>
            <Link to="/patient">{t('ble.manualInstead')}</Link>
          </p>
        </div>
      )}

      {step.kind === 'choose' && (
        <>
          <p>{t('ble.intro')}</p>
          {step.error && (
            <div className="notice notice--error" role="alert">
              <p>{step.error}</p>
            </div>
          )}
          <ul className="big-choices">
            {PROFILES.map((p) => (
              <li key={p.key}>
                <button type="button" className="big-choice" onClick={() => void connect(step.bluetooth, p)}>
                  <span className="big-choice__name">{findMeasurement(p.key)?.name[lang] ?? p.key}</span>
                  <span className="big-choice__unit">{t(`ble.device.${p.key}`)}</span>
                </button>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/patient">{t('ble.manualInstead')}</Link>
          </p>
        </>
      )}

      {step.kind === 'reading' && (
        <section aria-labelledby="ble-reading">
          <h2 id="ble-reading" ref={focusRef} tabIndex={-1}>
            {t('ble.readingTitle')}
          </h2>
          <p role="status">{t('ble.received', { count: step.count })}</p>
          <p>{t(step.profile.racp ? 'ble.readingStored' : 'ble.readingNow')}</p>
          <button type="button" className="button button--large" onClick={() => stop.current?.abort()}>
            {t('ble.finish')}
          </button>
        </section>
      )}

      {step.kind === 'confirm' && (
        <section aria-labelledby="ble-confirm">
          <h2 id="ble-confirm" ref={focusRef} tabIndex={-1}>
            {step.prepared.values.length > 0 ? t('ble.confirmTitle') : t('ble.nothingTitle')}
          </h2>
          {(step.identity.model || step.identity.name) && (
            <p>
              {t('ble.fromDevice', {
                device: [step.identity.manufacturer, step.identity.model ?? step.identity.name]
                  .filter(Boolean)
                  .join(' '),
              })}
            </p>
          )}
          <ul className="plain-list">
            {step.prepared.values.map((v) => (
              <li key={v.key} className="device-reading">
                <dl>
                  {v.body.measurements.map((m) => {
                    const def = findMeasurement(m.code);
                    return def ? (
                      <div key={m.code}>
                        <dt>{def.name[lang]}</dt>
                        <dd>{formatObservationValue(def, valuesOf(m), lang)}</dd>
                      </div>
                    ) : null;
                  })}
                  <div>
                    <dt>{t('ble.measuredAt')}</dt>
                    <dd>
                      {formatDateTime(v.body.effectiveAt ?? new Date(), lang)}
                      {v.timeFromPhone && ` (${t('ble.timeFromPhone')})`}
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          {step.prepared.skipped.length > 0 && (
            <ul>
              {step.prepared.skipped.map((s, i) => (
                <li key={i}>{t(`ble.skipped.${s.reason}`)}</li>
              ))}
            </ul>
          )}
          {step.errors.length > 0 && (
            <div className="notice notice--error" role="alert">
              <p>{t('ble.unreadable', { count: step.errors.length })}</p>
            </div>
          )}
          <div className="button-row">
            {step.prepared.values.length > 0 && (
              <button
                type="button"
                className="button button--primary button--large"
                onClick={() => void send(step.bluetooth, step.profile, step.prepared)}
              >
                {t('ble.send', { count: step.prepared.values.length })}
              </button>
            )}
            <button
              type="button"
              className="button button--large"
              onClick={() => setStep({ kind: 'choose', bluetooth: step.bluetooth })}
            >
              {t('ble.discard')}
            </button>
          </div>
        </section>
      )}

      {step.kind === 'sending' && (
        <p className="loading" role="status">
          {t('record.saving')}
        </p>
      )}

      {step.kind === 'done' &&
        (step.queued || step.results.length === 0 ? (
          <QueuedNotice onAnother={() => setStep({ kind: 'choose', bluetooth: step.bluetooth })} />
        ) : (
          <Feedback
            results={step.results}
            historyCode={step.profile.key}
            onAnother={() => setStep({ kind: 'choose', bluetooth: step.bluetooth })}
          />
        ))}
    </div>
  );
}
