// One reading session with a Bluetooth health device: choose the device (the browser's own picker), connect,
// read who it is (Device Information), subscribe to its measurement characteristics — for glucose meters
// also ask for the stored records through the Record Access Control Point — and collect decoded readings
// until the device is done. Decoding is core's decodeGattCharacteristic; nothing here interprets bytes.
import {
  decodeGattCharacteristic,
  decodeRacpResponse,
  encodeRacpRequest,
  type GattDecodeResult,
} from '@hemma/core';
import {
  DEVICE_INFORMATION,
  type DeviceProfile,
  MANUFACTURER_NAME,
  MODEL_NUMBER,
  RECORD_ACCESS_CONTROL_POINT,
  SERIAL_NUMBER,
} from './profiles';
import type {
  BluetoothDeviceLike,
  BluetoothLike,
  GattCharacteristicLike,
  GattServerLike,
} from './webBluetooth';

export interface DeviceIdentity {
  /** The name the device advertises (shown to the patient; not stored). */
  name?: string;
  manufacturer?: string;
  model?: string;
  serial?: string;
}

export interface DeviceReading {
  characteristic: number;
  /** The bytes as received, hex: part of the reading's identity for duplicate detection. */
  hex: string;
  receivedAt: string;
  result: Extract<GattDecodeResult, { ok: true }>;
}

export interface SessionResult {
  identity: DeviceIdentity;
  readings: DeviceReading[];
  /** Characteristic values that could not be decoded (truncated, inconsistent): said, not hidden. */
  errors: string[];
}

export interface SessionOptions {
  /** How long to wait for the first reading (the patient starts the measurement on the device). */
  firstReadingMs?: number;
  /** Quiet time after the last reading that ends the session for record-style devices. */
  idleMs?: number;
  /** How long to listen to devices that stream (continuous SpO2, heart rate): the last value counts. */
  streamMs?: number;
  signal?: AbortSignal;
  onReading?: (reading: DeviceReading) => void;
}

/** Characteristics sent continuously (about once a second): only the latest value is kept. */
const STREAMING = new Set([0x2a5f, 0x2a37]);

const toHex = (view: DataView): string =>
  Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

const bytesOf = (view: DataView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/** UTF-8 string characteristics are often NUL-padded. */
const text = (view: DataView): string | undefined =>
  new TextDecoder().decode(bytesOf(view)).replace(/\0+$/, '').trim() || undefined;

async function readIdentity(server: GattServerLike, device: BluetoothDeviceLike): Promise<DeviceIdentity> {
  const identity: DeviceIdentity = device.name ? { name: device.name } : {};
  let info: Awaited<ReturnType<GattServerLike['getPrimaryService']>>;
  try {
    info = await server.getPrimaryService(DEVICE_INFORMATION);
  } catch {
    return identity; // Device Information is optional in every health profile.
  }
  const fields = [
    ['manufacturer', MANUFACTURER_NAME],
    ['model', MODEL_NUMBER],
    ['serial', SERIAL_NUMBER],
  ] as const;
  for (const [field, uuid] of fields) {
    try {
      const value = text(await (await info.getCharacteristic(uuid)).readValue());
      if (value) identity[field] = value.slice(0, 100);
    } catch {
      /* not exposed by this device */
    }
  }
  return identity;
}

export async function readDevice(
  bluetooth: BluetoothLike,
  profile: DeviceProfile,
  options: SessionOptions = {},
): Promise<SessionResult> {
  const { firstReadingMs = 120_000, idleMs = 4_000, streamMs = 15_000, signal } = options;
  const device = await bluetooth.requestDevice({
    filters: [{ services: [profile.service] }],
    optionalServices: [DEVICE_INFORMATION],
  });
  if (!device.gatt) throw new Error('The device has no GATT server.');
  const server = await device.gatt.connect();
  const readings: DeviceReading[] = [];
  const errors: string[] = [];
  try {
    const identity = await readIdentity(server, device);
    const service = await server.getPrimaryService(profile.service);

    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(finish, ms);
    };

    const subscribed: number[] = [];
    for (const uuid of profile.characteristics) {
      let characteristic: GattCharacteristicLike;
      try {
        characteristic = await service.getCharacteristic(uuid);
      } catch {
        continue;
      }
      characteristic.addEventListener('characteristicvaluechanged', (event) => {
        const view = (event.target as GattCharacteristicLike).value;
        if (!view) return;
        const result = decodeGattCharacteristic(uuid, bytesOf(view));
        if (!result.ok) {
          errors.push(result.error);
          return;
        }
        const reading: DeviceReading = {
          characteristic: uuid,
          hex: toHex(view),
          receivedAt: new Date().toISOString(),
          result,
        };
        if (STREAMING.has(uuid)) {
          const previous = readings.findIndex((r) => r.characteristic === uuid);
          if (previous >= 0) readings.splice(previous, 1);
        }
        readings.push(reading);
        options.onReading?.(reading);
        // Stored-record transfers end with the RACP response; streams after streamMs; others when quiet.
        if (!profile.racp && !STREAMING.has(uuid)) wait(idleMs);
      });
      await characteristic.startNotifications();
      subscribed.push(uuid);
    }
    if (subscribed.length === 0)
      throw new Error('The device offers none of the measurement characteristics.');

    device.addEventListener('gattserverdisconnected', () => finish());
    signal?.addEventListener('abort', () => finish());

    if (profile.racp) {
      const racp = await service.getCharacteristic(RECORD_ACCESS_CONTROL_POINT);
      racp.addEventListener('characteristicvaluechanged', (event) => {
        const view = (event.target as GattCharacteristicLike).value;
        if (!view) return;
        const response = decodeRacpResponse(bytesOf(view));
        if (!response.ok) errors.push(response.error);
        else if (response.value.opcode === 'response-code') {
          const { status } = response.value;
          if (status !== 'success' && status !== 'no-records-found')
            errors.push(`Record Access Control Point: ${status}`);
          finish();
        }
      });
      await racp.startNotifications();
      const request = new Uint8Array(
        encodeRacpRequest({ opcode: 'report-stored-records', filter: { operator: 'all' } }),
      );
      await (racp.writeValueWithResponse ?? racp.writeValue)?.call(racp, request);
      wait(firstReadingMs);
    } else if (subscribed.every((uuid) => STREAMING.has(uuid))) {
      wait(streamMs);
    } else {
      wait(firstReadingMs);
    }
    await done;
    clearTimeout(timer);
    // Copies: a notification already queued when the session ends must not change what was returned.
    return { identity, readings: [...readings], errors: [...errors] };
  } finally {
    if (server.connected) server.disconnect();
  }
}
