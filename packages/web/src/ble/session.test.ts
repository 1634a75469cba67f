import { describe, expect, it, vi } from 'vitest';
import { fakeBluetooth } from './fakeBluetooth';
import { profileFor } from './profiles';
import { readDevice } from './session';
import { prepareReadings } from './submission';

// Byte sequences built by the GATT Specification Supplement field layouts (flags, SFLOAT, Date Time).
const BP = '06800054006300ea070b15080f004300'; // 128/84 mmHg, MAP 99, 2026-11-21 08:15, pulse 67
const GLUCOSE = [
  '020100ea070b1507000070b011', // seq 1, 112 mg/dL capillary, finger
  '020200ea070b1507100064b01a', // seq 2, control solution
  '020300ea070b150c000096b011', // seq 3, 150 mg/dL
];
const NOW = new Date('2026-11-22T08:00:00Z');

describe('readDevice', () => {
  it('reads a blood pressure cuff with its identity and ends when the cuff disconnects', async () => {
    const bt = fakeBluetooth({
      name: 'BP cuff',
      service: 0x1810,
      info: { manufacturer: 'Acme', model: 'BP-7', serial: 'SN123\u0000\u0000' },
      values: { 10805: [BP] },
      disconnectAfter: true,
    });
    const session = await readDevice(bt, profileFor('bp')!, { firstReadingMs: 2_000, idleMs: 1_000 });
    expect(session.identity).toEqual({
      name: 'BP cuff',
      manufacturer: 'Acme',
      model: 'BP-7',
      serial: 'SN123',
    });
    expect(session.readings).toHaveLength(1);
    const prepared = prepareReadings(session.readings, session.identity, NOW);
    expect(prepared.values).toHaveLength(1);
    expect(prepared.values[0]!.body).toEqual({
      measurements: [
        {
          code: '85354-9',
          components: [
            { code: '8480-6', value: 128, unit: 'mm[Hg]' },
            { code: '8462-4', value: 84, unit: 'mm[Hg]' },
          ],
        },
        { code: '8867-4', value: 67, unit: '/min' },
      ],
      effectiveAt: new Date('2026-11-21T08:15:00').toISOString(),
      device: { manufacturer: 'Acme', model: 'BP-7', serial: 'SN123' },
    });
  });

  it('fetches stored glucose records through the RACP and never keeps control solution', async () => {
    const bt = fakeBluetooth({
      name: 'Meter',
      service: 0x1808,
      info: { model: 'G1' },
      values: { 10776: GLUCOSE },
      racp: true,
    });
    const session = await readDevice(bt, profileFor('glucose')!, { firstReadingMs: 2_000 });
    expect(bt.writes).toEqual(['0101']);
    expect(session.readings).toHaveLength(3);
    const prepared = prepareReadings(session.readings, session.identity, NOW);
    expect(prepared.values.map((v) => v.body.measurements[0])).toEqual([
      { code: '15074-8', value: 6.2, unit: 'mmol/L' },
      { code: '15074-8', value: 8.3, unit: 'mmol/L' },
    ]);
    expect(prepared.skipped).toEqual([{ reason: 'control-solution' }]);
    // Reading the same stored records again gives the same keys: a second transfer stores nothing new.
    const again = prepareReadings(
      (await readDevice(bt, profileFor('glucose')!, { firstReadingMs: 2_000 })).readings,
      session.identity,
      NOW,
    );
    expect(again.values.map((v) => v.key)).toEqual(prepared.values.map((v) => v.key));
  });

  it('reports undecodable values and keeps only the last value of a stream', async () => {
    const bt = fakeBluetooth({
      name: 'HR strap',
      service: 0x180d,
      values: { 10807: ['0048', '00', '004b'] }, // 72 /min, truncated, 75 /min
    });
    // Simulated time: on real timers a stalled event loop could close the window before the device's
    // values (every 30 ms) arrive.
    vi.useFakeTimers();
    let session: Awaited<ReturnType<typeof readDevice>>;
    try {
      const reading = readDevice(bt, profileFor('heart-rate')!, { streamMs: 500 });
      await vi.advanceTimersByTimeAsync(1_000);
      session = await reading;
    } finally {
      vi.useRealTimers();
    }
    expect(session.errors).toHaveLength(1);
    expect(session.readings.map((r) => r.result.observations[0]?.value)).toEqual([75]);
    const prepared = prepareReadings(session.readings, session.identity, NOW);
    expect(prepared.values[0]!.timeFromPhone).toBe(true);
    expect(prepared.values[0]!.body.device).toBeUndefined();
  });

  it('says when the patient closes the device picker', async () => {
    const bt = fakeBluetooth({ name: 'x', service: 0x1810, values: {}, cancel: true });
    await expect(readDevice(bt, profileFor('bp')!)).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
