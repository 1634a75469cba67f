// The part of the Web Bluetooth API the app uses (https://webbluetoothcg.github.io/web-bluetooth/). The
// TypeScript DOM library does not include it; naming only what we call also lets tests pass a scripted
// device.

export interface GattCharacteristicLike extends EventTarget {
  readonly value?: DataView | null;
  startNotifications(): Promise<GattCharacteristicLike>;
  readValue(): Promise<DataView>;
  writeValue?(value: BufferSource): Promise<void>;
  writeValueWithResponse?(value: BufferSource): Promise<void>;
}

export interface GattServiceLike {
  getCharacteristic(uuid: number | string): Promise<GattCharacteristicLike>;
}

export interface GattServerLike {
  connected: boolean;
  connect(): Promise<GattServerLike>;
  disconnect(): void;
  getPrimaryService(uuid: number | string): Promise<GattServiceLike>;
}

export interface BluetoothDeviceLike extends EventTarget {
  readonly id: string;
  readonly name?: string;
  readonly gatt?: GattServerLike;
}

export interface RequestDeviceOptions {
  filters: { services: (number | string)[] }[];
  optionalServices?: (number | string)[];
}

export interface BluetoothLike {
  requestDevice(options: RequestDeviceOptions): Promise<BluetoothDeviceLike>;
  getAvailability?(): Promise<boolean>;
}

/** Why the browser cannot read a device, or null when it can try. */
export type Unavailable = 'no-api' | 'insecure' | 'no-adapter';

export async function bluetoothAvailability(): Promise<
  { bluetooth: BluetoothLike } | { reason: Unavailable }
> {
  const bluetooth = (navigator as Navigator & { bluetooth?: BluetoothLike }).bluetooth;
  if (!window.isSecureContext) return { reason: 'insecure' };
  if (!bluetooth) return { reason: 'no-api' };
  try {
    if (bluetooth.getAvailability && !(await bluetooth.getAvailability())) return { reason: 'no-adapter' };
  } catch {
    /* availability unknown: let requestDevice tell */
  }
  return { bluetooth };
}
