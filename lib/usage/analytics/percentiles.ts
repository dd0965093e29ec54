import { LATENCY_BUCKETS_MS } from '@/db/schema/usage';

/** Summed latency histogram: requests per bucket of `LATENCY_BUCKETS_MS`, then one for everything slower. */
export type LatencyHistogram = number[];

export interface LatencyPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * A percentile from a bucketed histogram, interpolated linearly inside the bucket that holds the rank
 * (from the previous bound, 0 for the first bucket, to the bucket's own bound). The open last bucket
 * (> 5 s) interpolates up to the slowest request seen (`maxMs`); every answer is capped at `maxMs`, since
 * no request was slower. Null without requests. Rounded to 0.1 ms.
 */
export function histogramPercentile(histogram: LatencyHistogram, quantile: number, maxMs?: number | null): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total <= 0) return null;
  const rank = quantile * total;
  let below = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    const n = histogram[bucket] ?? 0;
    if (n > 0 && below + n >= rank) {
      const lower = bucket === 0 ? 0 : LATENCY_BUCKETS_MS[bucket - 1]!;
      const last = LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
      const upper = bucket < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[bucket]! : Math.max(maxMs ?? last, last);
      let value = lower + ((rank - below) / n) * (upper - lower);
      if (maxMs !== undefined && maxMs !== null && maxMs > 0) value = Math.min(value, maxMs);
      return Math.round(value * 10) / 10;
    }
    below += n;
  }
  return null;
}

export function latencyPercentiles(histogram: LatencyHistogram, maxMs?: number | null): LatencyPercentiles {
  return {
    p50: histogramPercentile(histogram, 0.5, maxMs),
    p95: histogramPercentile(histogram, 0.95, maxMs),
    p99: histogramPercentile(histogram, 0.99, maxMs),
  };
}
