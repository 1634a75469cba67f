// Glucose Measurement, characteristic 0x2A18 of the Glucose service 0x1808
// (GATT Specification Supplement, "Glucose Measurement"; Glucose Service specification).
import { addLocalMinutes, type DeviceTime } from './datetime';
import { ByteReader, checkLength, ifFlag, namedBits } from './reader';
import { type BleDecodeResult, type BleReading, fail, protect, reading } from './reading';

const NAME = 'Glucose Measurement';

const TIME_OFFSET = 0x01;
const CONCENTRATION = 0x02;
const UNITS_MOL_PER_L = 0x04;
const SENSOR_STATUS = 0x08;
const CONTEXT_FOLLOWS = 0x10;

/** Type nibble values 1–10 (0 and 11–15 reserved). */
const TYPES = [
  null,
  'capillary-whole-blood',
  'capillary-plasma',
  'venous-whole-blood',
  'venous-plasma',
  'arterial-whole-blood',
  'arterial-plasma',
  'undetermined-whole-blood',
  'undetermined-plasma',
  'interstitial-fluid',
  'control-solution',
] as const;
const CONTROL_SOLUTION_TYPE = 0x0a;

/** Sample location nibble values 1–4 and 15 (0 and 5–14 reserved). */
const LOCATIONS: Record<number, string> = {
  1: 'finger',
  2: 'alternate-site-test',
  3: 'earlobe',
  4: 'control-solution',
  15: 'not-available',
};
const CONTROL_SOLUTION_LOCATION = 4;

const SENSOR_STATUS_BITS = [
  'deviceBatteryLow',
  'sensorMalfunction',
  'sampleSizeInsufficient',
  'stripInsertionError',
  'stripTypeIncorrect',
  'resultTooHigh',
  'resultTooLow',
  'temperatureTooHigh',
  'temperatureTooLow',
  'readInterrupted',
  'generalDeviceFault',
  'timeFault',
] as const;

export type GlucoseSensorStatus = Record<(typeof SENSOR_STATUS_BITS)[number], boolean>;

export type GlucoseMeta = {
  flags: number;
  sequenceNumber: number;
  baseTime: DeviceTime;
  /** Minutes added to the base time to give the measurement time (already applied to effectiveAt). */
  timeOffsetMinutes: number | null;
  deviceUnit: 'kg/L' | 'mol/L' | null;
  /** Device-reported sample type (code is the nibble value); null when not sent. */
  sampleType: { code: number; name: string } | null;
  sampleLocation: { code: number; name: string } | null;
  /** True when type or location says control solution: such a record is never a patient value. */
  controlSolution: boolean;
  sensorStatus: GlucoseSensorStatus | null;
  /** A Glucose Measurement Context (0x2A34) record with the same sequence number follows. */
  contextFollows: boolean;
};

export function decodeGlucoseMeasurement(bytes: Uint8Array): BleDecodeResult<GlucoseMeta> {
  return protect(NAME, () => {
    const flags = bytes[0] ?? 0;
    const error = checkLength(NAME, bytes, [
      { name: 'flags', size: 1 },
      { name: 'sequence number', size: 2 },
      { name: 'base time', size: 7 },
      ifFlag(flags, TIME_OFFSET, 'time offset', 2),
      ifFlag(flags, CONCENTRATION, 'glucose concentration, type and sample location', 3),
      ifFlag(flags, SENSOR_STATUS, 'sensor status annunciation', 2),
    ]);
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const sequenceNumber = r.u16();
    const baseTime = r.dateTime();
    const timeOffsetMinutes = flags & TIME_OFFSET ? r.s16() : null;
    const concentration = flags & CONCENTRATION ? r.sfloat() : null;
    const typeLocation = flags & CONCENTRATION ? r.u8() : null;
    const sensorStatus = flags & SENSOR_STATUS ? namedBits(r.u16(), SENSOR_STATUS_BITS) : null;

    const type = typeLocation === null ? null : typeLocation & 0x0f;
    const location = typeLocation === null ? null : typeLocation >> 4;
    const controlSolution = type === CONTROL_SOLUTION_TYPE || location === CONTROL_SOLUTION_LOCATION;
    const deviceUnit = concentration ? (flags & UNITS_MOL_PER_L ? 'mol/L' : 'kg/L') : null;
    const at =
      baseTime.local && timeOffsetMinutes !== null
        ? addLocalMinutes(baseTime.local, timeOffsetMinutes)
        : baseTime.local;

    const readings: BleReading[] = [];
    if (concentration && deviceUnit && !controlSolution) {
      readings.push(reading('glucose', deviceUnit, { 'glucose concentration': concentration }, at));
    }
    const meta: GlucoseMeta = {
      flags,
      sequenceNumber,
      baseTime,
      timeOffsetMinutes,
      deviceUnit,
      sampleType: type === null ? null : { code: type, name: TYPES[type] ?? 'reserved' },
      sampleLocation: location === null ? null : { code: location, name: LOCATIONS[location] ?? 'reserved' },
      controlSolution,
      sensorStatus,
      contextFollows: (flags & CONTEXT_FOLLOWS) !== 0,
    };
    return { ok: true, readings, meta };
  });
}
