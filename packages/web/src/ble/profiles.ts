// The standard Bluetooth SIG health services the app reads (Assigned Numbers, "GATT Service" and
// "Characteristic" UUIDs). Data, not code: a further device type is one more entry here and a decoder in core.

export type ProfileKey = 'bp' | 'weight' | 'glucose' | 'spo2' | 'temperature' | 'heart-rate';

export interface DeviceProfile {
  key: ProfileKey;
  service: number;
  /** Measurement characteristics to subscribe to; those a device lacks are skipped, but one must exist. */
  characteristics: number[];
  /** Stored records fetched through the Record Access Control Point (0x2A52). */
  racp?: boolean;
}

export const DEVICE_INFORMATION = 0x180a;
export const MODEL_NUMBER = 0x2a24;
export const SERIAL_NUMBER = 0x2a25;
export const MANUFACTURER_NAME = 0x2a29;
export const RECORD_ACCESS_CONTROL_POINT = 0x2a52;

export const PROFILES: readonly DeviceProfile[] = [
  { key: 'bp', service: 0x1810, characteristics: [0x2a35] },
  { key: 'weight', service: 0x181d, characteristics: [0x2a9d] },
  { key: 'glucose', service: 0x1808, characteristics: [0x2a18], racp: true },
  // Spot-check (0x2A5E) and continuous (0x2A5F): devices offer one or both.
  { key: 'spo2', service: 0x1822, characteristics: [0x2a5e, 0x2a5f] },
  { key: 'temperature', service: 0x1809, characteristics: [0x2a1c] },
  { key: 'heart-rate', service: 0x180d, characteristics: [0x2a37] },
];

export const profileFor = (key: string): DeviceProfile | undefined => PROFILES.find((p) => p.key === key);
