// Temperature Measurement, characteristic 0x2A1C of the Health Thermometer service 0x1809
// (GATT Specification Supplement, "Temperature Measurement" and "Temperature Type"; Health Thermometer
// Service specification).
import type { DeviceTime } from './datetime';
import { ByteReader, checkLength, ifFlag } from './reader';
import { type BleDecodeResult, fail, protect, reading } from './reading';

const NAME = 'Temperature Measurement';

const FAHRENHEIT = 0x01;
const TIME_STAMP = 0x02;
const TEMPERATURE_TYPE = 0x04;

/** Temperature Type values 1–9 (0 and 10–255 reserved). */
const TYPES = [
  null,
  'armpit',
  'body',
  'ear',
  'finger',
  'gastro-intestinal-tract',
  'mouth',
  'rectum',
  'toe',
  'tympanum',
] as const;

export type TemperatureMeta = {
  flags: number;
  deviceUnit: 'Cel' | '[degF]';
  timeStamp: DeviceTime | null;
  /** Device-reported measurement site; null when not sent. */
  temperatureType: { code: number; name: string } | null;
};

export function decodeTemperatureMeasurement(bytes: Uint8Array): BleDecodeResult<TemperatureMeta> {
  return protect(NAME, () => {
    const flags = bytes[0] ?? 0;
    const error = checkLength(NAME, bytes, [
      { name: 'flags', size: 1 },
      { name: 'temperature', size: 4 },
      ifFlag(flags, TIME_STAMP, 'time stamp', 7),
      ifFlag(flags, TEMPERATURE_TYPE, 'temperature type', 1),
    ]);
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const temperature = r.float();
    const timeStamp = flags & TIME_STAMP ? r.dateTime() : null;
    const type = flags & TEMPERATURE_TYPE ? r.u8() : null;
    const deviceUnit = flags & FAHRENHEIT ? '[degF]' : 'Cel';
    const meta: TemperatureMeta = {
      flags,
      deviceUnit,
      timeStamp,
      temperatureType: type === null ? null : { code: type, name: TYPES[type] ?? 'reserved' },
    };
    return {
      ok: true,
      readings: [reading('temperature', deviceUnit, { temperature }, timeStamp?.local ?? null)],
      meta,
    };
  });
}
