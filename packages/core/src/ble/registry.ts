import { decodeBloodPressureMeasurement } from './bloodPressure';
import { decodeGlucoseMeasurement } from './glucose';
import { decodeHeartRateMeasurement } from './heartRate';
import { decodePlxContinuous, decodePlxSpotCheck } from './pulseOximeter';
import { hex } from './reader';
import type { BleDecodeResult } from './reading';
import { decodeTemperatureMeasurement } from './thermometer';
import { decodeWeightMeasurement } from './weightScale';

/** Full 128-bit form of a 16-bit SIG UUID: 0000xxxx-0000-1000-8000-00805f9b34fb. */
export function bleUuid(short: number): string {
  return `0000${short.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`;
}

const BASE_UUID = /^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/;

/** The 16-bit UUID from a number, "2a35", "0x2A35" or the full base-UUID form; null if none of these. */
export function shortBleUuid(uuid: string | number): number | null {
  if (typeof uuid === 'number') return Number.isInteger(uuid) && uuid >= 0 && uuid <= 0xffff ? uuid : null;
  const s = uuid.trim().toLowerCase();
  const m = BASE_UUID.exec(s) ?? /^(?:0x)?([0-9a-f]{4})$/.exec(s);
  return m?.[1] ? Number.parseInt(m[1], 16) : null;
}

export type BleMeta = Record<string, unknown>;

export interface BleCharacteristic {
  /** Characteristic name as in the GATT Specification Supplement. */
  name: string;
  service: number;
  characteristic: number;
  serviceUuid: string;
  characteristicUuid: string;
  decode: (bytes: Uint8Array) => BleDecodeResult<BleMeta>;
}

function entry(
  name: string,
  service: number,
  characteristic: number,
  decode: (bytes: Uint8Array) => BleDecodeResult<BleMeta>,
): BleCharacteristic {
  const uuids = { serviceUuid: bleUuid(service), characteristicUuid: bleUuid(characteristic) };
  return { name, service, characteristic, ...uuids, decode };
}

/** Supported measurement characteristics: a new device type is one entry. */
export const BLE_CHARACTERISTICS: readonly BleCharacteristic[] = [
  entry('Blood Pressure Measurement', 0x1810, 0x2a35, decodeBloodPressureMeasurement),
  entry('Weight Measurement', 0x181d, 0x2a9d, decodeWeightMeasurement),
  entry('Glucose Measurement', 0x1808, 0x2a18, decodeGlucoseMeasurement),
  entry('PLX Spot-Check Measurement', 0x1822, 0x2a5e, decodePlxSpotCheck),
  entry('PLX Continuous Measurement', 0x1822, 0x2a5f, decodePlxContinuous),
  entry('Temperature Measurement', 0x1809, 0x2a1c, decodeTemperatureMeasurement),
  entry('Heart Rate Measurement', 0x180d, 0x2a37, decodeHeartRateMeasurement),
];

/** Record Access Control Point of the Glucose service (see recordAccessControlPoint.ts). */
export const GLUCOSE_RACP = { service: 0x1808, characteristic: 0x2a52, characteristicUuid: bleUuid(0x2a52) };

export function findBleCharacteristic(uuid: string | number): BleCharacteristic | undefined {
  const short = shortBleUuid(uuid);
  return BLE_CHARACTERISTICS.find((c) => c.characteristic === short);
}

/** Decodes a characteristic value by characteristic UUID (any form shortBleUuid accepts). Never throws. */
export function decodeCharacteristic(uuid: string | number, bytes: Uint8Array): BleDecodeResult<BleMeta> {
  const found = findBleCharacteristic(uuid);
  if (found) return found.decode(bytes);
  const short = shortBleUuid(uuid);
  const supported = BLE_CHARACTERISTICS.map((c) => hex(c.characteristic, 4)).join(', ');
  const given = short === null ? JSON.stringify(String(uuid)) : hex(short, 4);
  return { ok: false, error: `Unsupported characteristic ${given}; supported: ${supported}` };
}
