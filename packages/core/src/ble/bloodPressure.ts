// Blood Pressure Measurement, characteristic 0x2A35 of the Blood Pressure service 0x1810
// (GATT Specification Supplement, "Blood Pressure Measurement"; Blood Pressure Service specification).
import type { DeviceTime } from './datetime';
import type { MedicalNumber } from './ieee11073';
import { ByteReader, checkLength, ifFlag, namedBits } from './reader';
import { type BleDecodeResult, type BleReading, fail, protect, reading } from './reading';

const NAME = 'Blood Pressure Measurement';

const UNITS_KPA = 0x01;
const TIME_STAMP = 0x02;
const PULSE_RATE = 0x04;
const USER_ID = 0x08;
const MEASUREMENT_STATUS = 0x10;

export type PulseRateRange = 'within-range' | 'exceeds-upper-limit' | 'below-lower-limit' | 'reserved';

export type BloodPressureStatus = {
  bodyMovement: boolean;
  cuffTooLoose: boolean;
  irregularPulse: boolean;
  pulseRateRange: PulseRateRange;
  improperMeasurementPosition: boolean;
};

export type BloodPressureMeta = {
  flags: number;
  /** Unit the device used (values in readings are always mm[Hg]). */
  deviceUnit: 'mm[Hg]' | 'kPa';
  /** Mean arterial pressure in the device unit; null when a special value. */
  meanArterialPressure: number | null;
  timeStamp: DeviceTime | null;
  /** User index 0–254; null when absent or 255 ("unknown user"). */
  userId: number | null;
  status: BloodPressureStatus | null;
};

const RANGES: PulseRateRange[] = ['within-range', 'exceeds-upper-limit', 'below-lower-limit', 'reserved'];

export function decodeBloodPressureStatus(value: number): BloodPressureStatus {
  const bits = namedBits(value, [
    'bodyMovement',
    'cuffTooLoose',
    'irregularPulse',
    '',
    '',
    'improperPosition',
  ]);
  return {
    bodyMovement: bits.bodyMovement,
    cuffTooLoose: bits.cuffTooLoose,
    irregularPulse: bits.irregularPulse,
    pulseRateRange: RANGES[(value >> 3) & 0x03] ?? 'reserved',
    improperMeasurementPosition: bits.improperPosition,
  };
}

export function decodeBloodPressureMeasurement(bytes: Uint8Array): BleDecodeResult<BloodPressureMeta> {
  return protect(NAME, () => {
    const flags = bytes[0] ?? 0;
    const error = checkLength(NAME, bytes, [
      { name: 'flags', size: 1 },
      { name: 'systolic, diastolic and mean arterial pressure', size: 6 },
      ifFlag(flags, TIME_STAMP, 'time stamp', 7),
      ifFlag(flags, PULSE_RATE, 'pulse rate', 2),
      ifFlag(flags, USER_ID, 'user id', 1),
      ifFlag(flags, MEASUREMENT_STATUS, 'measurement status', 2),
    ]);
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const deviceUnit = flags & UNITS_KPA ? 'kPa' : 'mm[Hg]';
    const systolic = r.sfloat();
    const diastolic = r.sfloat();
    const map: MedicalNumber = r.sfloat();
    const timeStamp = flags & TIME_STAMP ? r.dateTime() : null;
    const pulse = flags & PULSE_RATE ? r.sfloat() : null;
    const user = flags & USER_ID ? r.u8() : null;
    const status = flags & MEASUREMENT_STATUS ? decodeBloodPressureStatus(r.u16()) : null;

    const at = timeStamp?.local ?? null;
    const readings: BleReading[] = [reading('bp', deviceUnit, { systolic, diastolic }, at)];
    if (pulse) readings.push(reading('heart-rate', '/min', { 'pulse rate': pulse }, at));
    const meta: BloodPressureMeta = {
      flags,
      deviceUnit,
      meanArterialPressure: map.ok ? map.value : null,
      timeStamp,
      userId: user === null || user === 0xff ? null : user,
      status,
    };
    return { ok: true, readings, meta };
  });
}
