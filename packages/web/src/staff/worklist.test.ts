import { describe, expect, it } from 'vitest';
import type { WorklistItem } from '../apiTypes';
import { insertSorted, matchesFilter } from './worklist';

const item = (alertId: string, severity: 'red' | 'yellow', createdAt: string): WorklistItem => ({
  alertId,
  patientId: 'p',
  patientName: 'N',
  personnummer: '19000101-0000',
  unitId: 'u1',
  severity,
  reasons: [],
  createdAt,
  observationId: 'o',
});

describe('worklist ordering', () => {
  const list = [
    item('r1', 'red', '2024-01-01T08:00:00Z'),
    item('r2', 'red', '2024-01-01T09:00:00Z'),
    item('y1', 'yellow', '2024-01-01T07:00:00Z'),
  ];

  it('puts a new red alert after older reds and before yellows', () => {
    const next = insertSorted(list, item('r3', 'red', '2024-01-01T10:00:00Z'));
    expect(next.map((i) => i.alertId)).toEqual(['r1', 'r2', 'r3', 'y1']);
  });

  it('appends a new yellow alert last and ignores duplicates', () => {
    const next = insertSorted(list, item('y2', 'yellow', '2024-01-01T10:00:00Z'));
    expect(next.map((i) => i.alertId)).toEqual(['r1', 'r2', 'y1', 'y2']);
    expect(insertSorted(next, item('y2', 'yellow', '2024-01-01T10:00:00Z'))).toBe(next);
  });

  it('filters by unit and severity', () => {
    const i = item('x', 'yellow', '2024-01-01T10:00:00Z');
    expect(matchesFilter(i, { unit: '', severity: '' })).toBe(true);
    expect(matchesFilter(i, { unit: 'u2', severity: '' })).toBe(false);
    expect(matchesFilter(i, { unit: 'u1', severity: 'red' })).toBe(false);
  });
});
