// Weight Measurement, characteristic 0x2A9D of the Weight Scale service 0x181D
// (GATT Specification Supplement, "Weight Measurement"; Weight Scale Service specification).
import type { DeviceTime } from './datetime';
import { ByteReader, checkLength, ifFlag } from './reader';
import { type BleDecodeResult, fail, protect, reading, skippedReading } from './reading';

const NAME = 'Weight Measurement';

const IMPERIAL = 0x01;
const TIME_STAMP = 0x02;
const USER_ID = 0x04;
const BMI_AND_HEIGHT = 0x08;

/** Weight value meaning "measurement unsuccessful". */
const UNSUCCESSFUL = 0xffff;

export type WeightMeta = {
  flags: number;
  deviceUnit: 'kg' | '[lb_av]';
  timeStamp: DeviceTime | null;
  /** User index 0–254; null when absent or 255 ("unknown user"). */
  userId: number | null;
  /** kg/m², resolution 0.1; null when absent. */
  bmi: number | null;
  /** Metres (converted from inches for imperial scales, 3 decimals); null when absent. */
  heightM: number | null;
};

export function decodeWeightMeasurement(bytes: Uint8Array): BleDecodeResult<WeightMeta> {
  return protect(NAME, () => {
    const flags = bytes[0] ?? 0;
    const error = checkLength(NAME, bytes, [
      { name: 'flags', size: 1 },
      { name: 'weight', size: 2 },
      ifFlag(flags, TIME_STAMP, 'time stamp', 7),
      ifFlag(flags, USER_ID, 'user id', 1),
      ifFlag(flags, BMI_AND_HEIGHT, 'BMI and height', 4),
    ]);
    if (error) return fail(error);
    const r = new ByteReader(bytes);
    r.u8();
    const imperial = (flags & IMPERIAL) !== 0;
    const raw = r.u16();
    const timeStamp = flags & TIME_STAMP ? r.dateTime() : null;
    const user = flags & USER_ID ? r.u8() : null;
    const bmiRaw = flags & BMI_AND_HEIGHT ? r.u16() : null;
    const heightRaw = flags & BMI_AND_HEIGHT ? r.u16() : null;

    const at = timeStamp?.local ?? null;
    const deviceUnit = imperial ? '[lb_av]' : 'kg';
    // Resolution 0.005 kg (SI) or 0.01 lb (imperial); integer division keeps the decimal exact.
    const value = imperial ? raw / 100 : (raw * 5) / 1000;
    const weight =
      raw === UNSUCCESSFUL
        ? skippedReading('weight', at, [{ field: 'weight', reason: 'measurement-unsuccessful' }])
        : reading('weight', deviceUnit, { weight: { ok: true, value } }, at);
    const meta: WeightMeta = {
      flags,
      deviceUnit,
      timeStamp,
      userId: user === null || user === 0xff ? null : user,
      bmi: bmiRaw === null ? null : bmiRaw / 10,
      // Height resolution 0.001 m (SI) or 0.1 in (imperial); 1 in = 0.0254 m.
      heightM: heightRaw === null ? null : imperial ? Math.round(heightRaw * 2.54) / 1000 : heightRaw / 1000,
    };
    return { ok: true, readings: [weight], meta };
  });
}
