import { describe, expect, it } from 'vitest';
import { episodeOutcomes, isFalseAlert, itemsIfAcknowledgedAfter, itemType, median } from './accounting';
import type { SimAlert } from './alerts';
import type { Episode } from './model';

const WEIGHT = '29463-7';

function alert(over: Partial<SimAlert>): SimAlert {
  return {
    dedupeKey: 'k',
    ruleId: 'r',
    kind: 'baselineDeviation',
    code: WEIGHT,
    severity: 'yellow',
    openedMs: 0,
    openedDay: 0,
    raisedDays: [0],
    updates: 0,
    resolvedMs: null,
    ...over,
  };
}

const hf: Episode = {
  kind: 'heartFailureDecompensation',
  onsetDay: 20,
  eventDay: 30,
  magnitude: 3,
  stayDays: 5,
};

describe('episodeOutcomes', () => {
  it('detects an episode by the first raise in [onset, event] and counts the days of warning', () => {
    const [o] = episodeOutcomes(
      [hf],
      [alert({ openedDay: 26, raisedDays: [26, 27, 28] }), alert({ openedDay: 24, raisedDays: [24] })],
    );
    expect(o).toMatchObject({ detected: true, daysWarning: 6 });
  });

  it('counts an alert raised on the event day as detection with 0 days of warning', () => {
    expect(episodeOutcomes([hf], [alert({ openedDay: 30, raisedDays: [30] })])[0]).toMatchObject({
      detected: true,
      daysWarning: 0,
    });
  });

  it('counts an alert opened before onset when it is updated inside the window', () => {
    expect(episodeOutcomes([hf], [alert({ openedDay: 15, raisedDays: [15, 22] })])[0]!.daysWarning).toBe(8);
  });

  it('ignores alerts outside the window, on other codes and missed-measurement items', () => {
    const outcomes = episodeOutcomes(
      [hf],
      [
        alert({ openedDay: 19, raisedDays: [19] }),
        alert({ openedDay: 31, raisedDays: [31] }),
        alert({ openedDay: 25, raisedDays: [25], code: '8480-6', kind: 'absoluteBounds' }),
        alert({ openedDay: 25, raisedDays: [25], kind: 'missedMeasurement' }),
      ],
    );
    expect(outcomes[0]).toMatchObject({ detected: false, daysWarning: null });
  });
});

describe('isFalseAlert', () => {
  it('is a clinical alert opened outside every pre-event window', () => {
    expect(isFalseAlert(alert({ openedDay: 19 }), [hf])).toBe(true);
    expect(isFalseAlert(alert({ openedDay: 20 }), [hf])).toBe(false);
    expect(isFalseAlert(alert({ openedDay: 30 }), [hf])).toBe(false);
    expect(isFalseAlert(alert({ openedDay: 31 }), [hf])).toBe(true);
    expect(isFalseAlert(alert({ openedDay: 25, code: '8480-6' }), [hf])).toBe(false);
    expect(isFalseAlert(alert({ openedDay: 5, kind: 'missedMeasurement' }), [])).toBe(false);
  });
});

describe('itemType and median', () => {
  it('prices alerts by worst severity, recommended monitoring as information, misses apart', () => {
    expect(itemType(alert({ severity: 'red' }), false)).toBe('red');
    expect(itemType(alert({ severity: 'yellow' }), false)).toBe('yellow');
    expect(itemType(alert({ severity: 'red' }), true)).toBe('informational');
    expect(itemType(alert({ kind: 'missedMeasurement' }), false)).toBe('missed');
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('itemsIfAcknowledgedAfter (the stricter accounting)', () => {
  it.each<[number[], number]>([
    [[3], 1],
    [[3, 4, 9], 1],
    [[3, 10], 2],
    [[3, 10, 16], 2],
    [[3, 10, 16, 17], 3],
    [[3, 10, 17, 40], 4],
  ])('raised on days %j (opened day 3): %d item(s) acknowledged weekly', (raisedDays, items) => {
    expect(itemsIfAcknowledgedAfter(alert({ openedDay: 3, raisedDays }), 7)).toBe(items);
  });
});
