/** Latency figures of one measured phase, in milliseconds (null when nothing was measured). */
export interface LatencySummary {
  count: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentile of an ascending array: the smallest value ≥ p % of the samples. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export function summarize(samplesMs: number[], errors = 0): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    p50Ms: round2(percentile(sorted, 50)),
    p95Ms: round2(percentile(sorted, 95)),
    p99Ms: round2(percentile(sorted, 99)),
    maxMs: round2(sorted.at(-1) ?? null),
  };
}

/** Throughput rounded to whole units per second. */
export const perSecond = (n: number, ms: number) => (ms > 0 ? Math.round((n * 1000) / ms) : 0);
