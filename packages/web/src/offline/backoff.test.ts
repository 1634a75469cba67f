import { describe, expect, it } from 'vitest';
import { classifyStatus, retryDelay } from './backoff';

describe('retryDelay', () => {
  it('doubles from 5 s and stays between half and the full step', () => {
    expect(retryDelay(1, 0)).toBe(2_500);
    expect(retryDelay(1, 1)).toBe(5_000);
    expect(retryDelay(2, 1)).toBe(10_000);
    expect(retryDelay(3, 0.5)).toBe(15_000);
  });

  it('is capped at five minutes however many attempts failed', () => {
    expect(retryDelay(50, 1)).toBe(300_000);
    expect(retryDelay(1_000, 0)).toBe(150_000);
  });
});

describe('classifyStatus', () => {
  it.each([
    [201, 'sent'],
    [200, 'sent'],
    [0, 'retry'],
    [503, 'retry'],
    [429, 'retry'],
    [409, 'retry'],
    [401, 'signed-out'],
    [400, 'rejected'],
    [403, 'rejected'],
  ] as const)('%i → %s', (status, outcome) => {
    expect(classifyStatus(status)).toBe(outcome);
  });
});
