// Heart Rate Measurement, characteristic 0x2A37 of the Heart Rate service 0x180D
// (GATT Specification Supplement, "Heart Rate Measurement"; Heart Rate Service specification).
import { ByteReader, checkLength, ifFlag } from './reader';
import { type BleDecodeResult, type BleReading, fail, protect, reading, skippedReading } from './reading';

const NAME = 'Heart Rate Measurement';

const UINT16_VALUE = 0x01;
const CONTACT_DETECTED = 0x02;
const CONTACT_SUPPORTED = 0x04;
const ENERGY_EXPENDED = 0x08;
const RR_INTERVALS = 0x10;

export type SensorContact = 'not-supported' | 'detected' | 'not-detected';

export type HeartRateMeta = {
  flags: number;
  sensorContact: SensorContact;
  /** Kilojoules since the last reset; null when absent. */
  energyExpendedKj: number | null;
  /** RR intervals in milliseconds (device resolution 1/1024 s), oldest first. */
  rrIntervalsMs: number[];
};

export function decodeHeartRateMeasurement(bytes: Uint8Array): BleDecodeResult<HeartRateMeta> {
  return protect(NAME, () => {
    const flags = bytes[0] ?? 0;
    const wide = (flags & UINT16_VALUE) !== 0;
    const error = checkLength(
      NAME,
      bytes,
      [
        { name: 'flags', size: 1 },
        { name: wide ? 'heart rate (uint16)' : 'heart rate (uint8)', size: wide ? 2 : 1 },
        ifFlag(flags, ENERGY_EXPENDED, 'energy expended', 2),
      ],
      flags & RR_INTERVALS ? { name: 'RR interval', size: 2, min: 1 } : undefined,
    );
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const rate = wide ? r.u16() : r.u8();
    const energyExpendedKj = flags & ENERGY_EXPENDED ? r.u16() : null;
    const rrIntervalsMs: number[] = [];
    while (flags & RR_INTERVALS && r.remaining >= 2) rrIntervalsMs.push((r.u16() * 1000) / 1024);
    const sensorContact: SensorContact =
      flags & CONTACT_SUPPORTED ? (flags & CONTACT_DETECTED ? 'detected' : 'not-detected') : 'not-supported';
    const heartRate: BleReading =
      sensorContact === 'not-detected'
        ? skippedReading('heart-rate', null, [{ field: 'heart rate', reason: 'no-sensor-contact' }])
        : reading('heart-rate', '/min', { 'heart rate': { ok: true, value: rate } }, null);
    return {
      ok: true,
      readings: [heartRate],
      meta: { flags, sensorContact, energyExpendedKj, rrIntervalsMs },
    };
  });
}
