// A scripted Bluetooth device for tests (unit tests here, and injected into Chromium by the e2e tests as
// navigator.bluetooth). It sends recorded characteristic bytes; everything after the bytes — decoding,
// the session, the pages — is the real code. Self-contained on purpose: the e2e test passes its source
// text to the page, so it may not use imports (type imports vanish) or anything outside its own body.
import type { BluetoothDeviceLike, BluetoothLike, RequestDeviceOptions } from './webBluetooth';

export interface FakeDeviceSpec {
  name: string;
  service: number;
  info?: { manufacturer?: string; model?: string; serial?: string };
  /** Hex payloads per characteristic UUID, sent in order after notifications start (or, for glucose
   *  records, when the Record Access Control Point asks for them). */
  values: Record<number, string[]>;
  /** Answer RACP "report stored records" with the 0x2A18 values, then a success response. */
  racp?: boolean;
  /** Drop the connection after the last value, as many cuffs and scales do. */
  disconnectAfter?: boolean;
  /** Let requestDevice fail as when the patient closes the picker. */
  cancel?: boolean;
}

export function fakeBluetooth(spec: FakeDeviceSpec): BluetoothLike & { writes: string[] } {
  const writes: string[] = [];
  const hexToView = (hex: string) => {
    const bytes = new Uint8Array((hex.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));
    return new DataView(bytes.buffer);
  };
  const toHex = (data: BufferSource) => {
    const view = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    return Array.from(view, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  const device = new EventTarget() as EventTarget & { id: string; name: string; gatt: unknown };
  let connected = false;
  const characteristics = new Map<number, EventTarget & { value: DataView | null }>();

  function emit(uuid: number, hex: string) {
    const c = characteristics.get(uuid);
    if (!c) return;
    c.value = hexToView(hex);
    c.dispatchEvent(new Event('characteristicvaluechanged'));
  }

  function sendAll(uuids: number[]) {
    const queue: [number, string][] = uuids.flatMap((u) =>
      (spec.values[u] ?? []).map((h) => [u, h] as [number, string]),
    );
    let i = 0;
    const next = () => {
      const item = queue[i++];
      if (item) {
        emit(item[0], item[1]);
        setTimeout(next, 30);
        return;
      }
      if (spec.racp) emit(0x2a52, '06000101');
      if (spec.disconnectAfter) {
        connected = false;
        device.dispatchEvent(new Event('gattserverdisconnected'));
      }
    };
    setTimeout(next, 30);
  }

  function characteristic(uuid: number, readHex?: string) {
    const c = new EventTarget() as EventTarget & Record<string, unknown> & { value: DataView | null };
    c.value = null;
    c.readValue = async () => hexToView(readHex ?? '');
    c.startNotifications = async () => {
      characteristics.set(uuid, c);
      if (!spec.racp && uuid !== 0x2a52) sendAll([uuid]);
      return c;
    };
    c.writeValueWithResponse = async (data: BufferSource) => {
      writes.push(toHex(data));
      // 01 01 = report stored records, all.
      if (uuid === 0x2a52 && toHex(data) === '0101') sendAll(Object.keys(spec.values).map(Number));
    };
    return c;
  }

  const utf8 = (s: string) =>
    Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
  const info: Record<number, string | undefined> = {
    10793: spec.info?.manufacturer,
    10788: spec.info?.model,
    10789: spec.info?.serial,
  };

  const server = {
    get connected() {
      return connected;
    },
    async connect() {
      connected = true;
      return server;
    },
    disconnect() {
      connected = false;
    },
    async getPrimaryService(uuid: number) {
      if (uuid === 0x180a && spec.info) {
        return {
          async getCharacteristic(c: number) {
            const value = info[c];
            if (value === undefined) throw new DOMException('No characteristic', 'NotFoundError');
            return characteristic(c, utf8(value));
          },
        };
      }
      if (uuid !== spec.service) throw new DOMException('No service', 'NotFoundError');
      return {
        async getCharacteristic(c: number) {
          if (spec.values[c] === undefined && !(spec.racp && c === 0x2a52)) {
            throw new DOMException('No characteristic', 'NotFoundError');
          }
          return characteristic(c);
        },
      };
    },
  };
  device.id = 'fake-device';
  device.name = spec.name;
  device.gatt = server;

  return {
    writes,
    async getAvailability() {
      return true;
    },
    async requestDevice(options: RequestDeviceOptions) {
      if (spec.cancel || !options.filters.some((f) => f.services.includes(spec.service))) {
        throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
      }
      return device as unknown as BluetoothDeviceLike;
    },
  };
}
