// When to try again after a failed send: exponential back-off with jitter, so phones that come back online
// together do not all hit the server in the same second, capped so a value is never held for long.

const BASE_MS = 5_000;
const MAX_MS = 5 * 60_000;

/** Delay before attempt number `attempts + 1`; `random` in [0, 1) spreads it between half and full. */
export function retryDelay(attempts: number, random: number = Math.random()): number {
  const exp = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(Math.max(random, 0), 1));
}

export type SendOutcome = 'sent' | 'retry' | 'rejected' | 'signed-out';

/** What an HTTP status (0 = no answer) means for a queued value. 409 is a request with the same key
 *  still in flight; 408/429/5xx are the server's temporary trouble: all of those are retried. */
export function classifyStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 401) return 'signed-out';
  if (status === 0 || status === 408 || status === 409 || status === 429 || status >= 500) return 'retry';
  return 'rejected';
}
