// PLX Spot-Check Measurement 0x2A5E and PLX Continuous Measurement 0x2A5F of the Pulse Oximeter service 0x1822
// (GATT Specification Supplement, "PLX Spot-Check Measurement" and "PLX Continuous Measurement"; Pulse
// Oximeter Service specification).
import type { DeviceTime } from './datetime';
import type { MedicalNumber } from './ieee11073';
import { ByteReader, checkLength, type Field, ifFlag, namedBits } from './reader';
import {
  type BleDecodeResult,
  type BleReading,
  type BleSkip,
  fail,
  protect,
  reading,
  skippedReading,
} from './reading';

const SPOT_CHECK = 'PLX Spot-Check Measurement';
const CONTINUOUS = 'PLX Continuous Measurement';

/** Measurement Status (16 bits; bits 0–4 reserved). */
const MEASUREMENT_STATUS_BITS = [
  '',
  '',
  '',
  '',
  '',
  'measurementOngoing',
  'earlyEstimatedData',
  'validatedData',
  'fullyQualifiedData',
  'dataFromMeasurementStorage',
  'dataForDemonstration',
  'dataForTesting',
  'calibrationOngoing',
  'measurementUnavailable',
  'questionableMeasurementDetected',
  'invalidMeasurementDetected',
] as const;

/** Device and Sensor Status (24 bits; bits 16–23 reserved). */
const DEVICE_SENSOR_STATUS_BITS = [
  'extendedDisplayUpdateOngoing',
  'equipmentMalfunctionDetected',
  'signalProcessingIrregularityDetected',
  'inadequateSignalDetected',
  'poorSignalDetected',
  'lowPerfusionDetected',
  'erraticSignalDetected',
  'nonpulsatileSignalDetected',
  'questionablePulseDetected',
  'signalAnalysisOngoing',
  'sensorInterferenceDetected',
  'sensorUnconnectedToUser',
  'unknownSensorConnected',
  'sensorDisplaced',
  'sensorMalfunctioning',
  'sensorDisconnected',
] as const;

type Bits<T extends readonly string[]> = Record<Exclude<T[number], ''>, boolean>;
export type PlxMeasurementStatus = Bits<typeof MEASUREMENT_STATUS_BITS>;
export type PlxDeviceAndSensorStatus = Bits<typeof DEVICE_SENSOR_STATUS_BITS>;

/** Measurement status bits that make the values not a patient reading. */
const WITHHOLD: [keyof PlxMeasurementStatus, BleSkip['reason']][] = [
  ['measurementUnavailable', 'measurement-unavailable'],
  ['invalidMeasurementDetected', 'invalid-measurement'],
  ['dataForDemonstration', 'demonstration-data'],
  ['dataForTesting', 'test-data'],
];

type SpO2PR = { spo2: number | null; pulseRate: number | null };

type PlxCommonMeta = {
  flags: number;
  measurementStatus: PlxMeasurementStatus | null;
  deviceAndSensorStatus: PlxDeviceAndSensorStatus | null;
  /** Percent; null when absent or a special value. */
  pulseAmplitudeIndex: number | null;
};

export type PlxSpotCheckMeta = PlxCommonMeta & {
  timeStamp: DeviceTime | null;
  /** Flag bit 4: the device clock is not set, so the time stamp is not used for effectiveAt. */
  deviceClockNotSet: boolean;
};

export type PlxContinuousMeta = PlxCommonMeta & {
  /** The fast- and slow-responding averages, when sent; the readings use the normal one. */
  fast: SpO2PR | null;
  slow: SpO2PR | null;
};

const value = (n: MedicalNumber): number | null => (n.ok ? n.value : null);

/** Reads SpO2 and PR, the status fields and the pulse amplitude index, and builds the readings. */
function readRest(
  r: ByteReader,
  present: { status: boolean; sensor: boolean; pai: boolean },
  normal: { spo2: MedicalNumber; pr: MedicalNumber },
  at: string | null,
  flags: number,
): { readings: BleReading[]; common: PlxCommonMeta } {
  const measurementStatus = present.status ? namedBits(r.u16(), MEASUREMENT_STATUS_BITS) : null;
  const deviceAndSensorStatus = present.sensor ? namedBits(r.u24(), DEVICE_SENSOR_STATUS_BITS) : null;
  const pai = present.pai ? value(r.sfloat()) : null;
  const withheld = WITHHOLD.filter(([bit]) => measurementStatus?.[bit]).map(([, reason]) => reason);
  const readings = withheld.length
    ? ['spo2', 'heart-rate'].map((key) =>
        skippedReading(
          key,
          at,
          withheld.map((reason) => ({ field: 'measurement status', reason })),
        ),
      )
    : [
        reading('spo2', '%', { SpO2: normal.spo2 }, at),
        reading('heart-rate', '/min', { 'pulse rate': normal.pr }, at),
      ];
  return { readings, common: { flags, measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex: pai } };
}

const statusFields = (flags: number, status: number, sensor: number, pai: number): (Field | null)[] => [
  ifFlag(flags, status, 'measurement status', 2),
  ifFlag(flags, sensor, 'device and sensor status', 3),
  ifFlag(flags, pai, 'pulse amplitude index', 2),
];

export function decodePlxSpotCheck(bytes: Uint8Array): BleDecodeResult<PlxSpotCheckMeta> {
  return protect(SPOT_CHECK, () => {
    const flags = bytes[0] ?? 0;
    const error = checkLength(SPOT_CHECK, bytes, [
      { name: 'flags', size: 1 },
      { name: 'SpO2 and pulse rate', size: 4 },
      ifFlag(flags, 0x01, 'time stamp', 7),
      ...statusFields(flags, 0x02, 0x04, 0x08),
    ]);
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const normal = { spo2: r.sfloat(), pr: r.sfloat() };
    const timeStamp = flags & 0x01 ? r.dateTime() : null;
    const deviceClockNotSet = (flags & 0x10) !== 0;
    const at = deviceClockNotSet ? null : (timeStamp?.local ?? null);
    const present = { status: (flags & 0x02) !== 0, sensor: (flags & 0x04) !== 0, pai: (flags & 0x08) !== 0 };
    const { readings, common } = readRest(r, present, normal, at, flags);
    return { ok: true, readings, meta: { ...common, timeStamp, deviceClockNotSet } };
  });
}

export function decodePlxContinuous(bytes: Uint8Array): BleDecodeResult<PlxContinuousMeta> {
  return protect(CONTINUOUS, () => {
    const flags = bytes[0] ?? 0;
    const error = checkLength(CONTINUOUS, bytes, [
      { name: 'flags', size: 1 },
      { name: 'SpO2PR-Normal', size: 4 },
      ifFlag(flags, 0x01, 'SpO2PR-Fast', 4),
      ifFlag(flags, 0x02, 'SpO2PR-Slow', 4),
      ...statusFields(flags, 0x04, 0x08, 0x10),
    ]);
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const normal = { spo2: r.sfloat(), pr: r.sfloat() };
    const pair = (): SpO2PR => ({ spo2: value(r.sfloat()), pulseRate: value(r.sfloat()) });
    const fast = flags & 0x01 ? pair() : null;
    const slow = flags & 0x02 ? pair() : null;
    const present = { status: (flags & 0x04) !== 0, sensor: (flags & 0x08) !== 0, pai: (flags & 0x10) !== 0 };
    // Continuous measurements carry no time stamp: the receiver's clock is the measurement time.
    const { readings, common } = readRest(r, present, normal, null, flags);
    return { ok: true, readings, meta: { ...common, fast, slow } };
  });
}
