/**
 * Synthetic API traffic with a believable shape, shared by the analytics benchmark (bench/lib/usage-seed.ts,
 * millions of requests through COPY) and the living demo (lib/seed/demo-traffic.ts, a few thousand through
 * the metering flush). A minute's count follows a daily and weekly rhythm; each request picks a key, an
 * endpoint and a status class (~92 % 2xx, 6 % 4xx, 1.5 % 429, 0.5 % 5xx) and gets a log-normal latency.
 * Seeded: the same options give the same stream.
 */

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Cumulative weights, and a draw by binary search: returns an index into `weights`. */
export function sampler(weights: number[], random: () => number): () => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const w of weights) cumulative.push((running += w / total));
  cumulative[cumulative.length - 1] = 1;
  return () => {
    const x = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Status classes: the status for a method, its share, the problem code, whether it counts against a quota, and whether it fails fast. */
export const SYNTHETIC_STATUSES: { status: (method: string) => number; weight: number; code: string | null; billable: boolean; fast: boolean }[] = [
  { status: (m) => (m === 'POST' ? 201 : 200), weight: 92, code: null, billable: true, fast: false },
  { status: () => 400, weight: 2, code: 'invalid_request', billable: true, fast: true },
  { status: () => 403, weight: 1, code: 'insufficient_scope', billable: false, fast: true },
  { status: () => 404, weight: 2.5, code: 'not_found', billable: true, fast: false },
  { status: () => 422, weight: 0.5, code: 'unprocessable', billable: true, fast: false },
  { status: () => 429, weight: 1.5, code: 'rate_limited', billable: false, fast: true },
  { status: () => 500, weight: 0.4, code: 'internal', billable: true, fast: false },
  { status: () => 503, weight: 0.1, code: 'internal', billable: true, fast: false },
];

/** Share of daily traffic by time: business hours (UTC) peak, nights low, weekends ~55 %, slight growth from `from` to `to`. */
export function trafficIntensity(at: number, from: number, to: number): number {
  const d = new Date(at);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const daily = 0.35 + 0.65 * Math.exp(-((hour - 14.5) ** 2) / (2 * 4 ** 2));
  const weekday = d.getUTCDay();
  const weekly = weekday === 0 || weekday === 6 ? 0.55 : 1;
  const trend = 0.9 + 0.2 * ((at - from) / Math.max(1, to - from));
  return daily * weekly * trend;
}

/** A log-normal latency around `medianMs` (ms, two decimals). */
export function syntheticLatency(medianMs: number, random: () => number): number {
  return Math.round(medianMs * Math.exp(0.75 * gaussian(random)) * 100) / 100;
}

export interface SyntheticEndpoint {
  method: string;
  /** The route pattern, e.g. `/api/v1/keys/{id}`. */
  endpoint: string;
  /** A concrete path for one request. */
  path: (random: () => number) => string;
  weight: number;
  medianMs: number;
}

export interface SyntheticKey {
  id: string;
  partnerId: string;
  weight: number;
}

export interface SyntheticRequest {
  requestId: string;
  partnerId: string;
  apiKeyId: string;
  method: string;
  path: string;
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  ip: string;
  userAgent: string;
  errorCode: string | null;
  billable: boolean;
  occurredAt: number;
}

/**
 * About `requests` requests between `from` and `to` (ms), minute by minute with the rhythm of
 * `trafficIntensity`, in time order. Small volumes only: every request is an object (the benchmark
 * streams its millions instead).
 */
export function syntheticRequests(options: {
  keys: SyntheticKey[];
  endpoints: SyntheticEndpoint[];
  from: number;
  to: number;
  requests: number;
  seed: number;
  idPrefix: string;
  userAgent?: string;
}): SyntheticRequest[] {
  const random = prng(options.seed);
  const pickKey = sampler(
    options.keys.map((k) => k.weight),
    random,
  );
  const pickEndpoint = sampler(
    options.endpoints.map((e) => e.weight),
    random,
  );
  const pickStatus = sampler(
    SYNTHETIC_STATUSES.map((s) => s.weight),
    random,
  );
  const from = Math.floor(options.from / 60_000) * 60_000;
  const minutes = Math.max(1, Math.floor((options.to - from) / 60_000));
  const weights = Array.from({ length: minutes }, (_, m) => trafficIntensity(from + m * 60_000, from, options.to));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const out: SyntheticRequest[] = [];
  // Fractional expectations carry over, so that a small total still spreads over every hour.
  let carry = 0;
  for (let m = 0; m < minutes; m++) {
    carry += (options.requests * weights[m]!) / weightSum;
    const n = Math.floor(carry);
    carry -= n;
    for (let r = 0; r < n; r++) {
      const key = options.keys[pickKey()]!;
      const endpoint = options.endpoints[pickEndpoint()]!;
      const status = SYNTHETIC_STATUSES[pickStatus()]!;
      const at = Math.min(options.to - 1, from + m * 60_000 + Math.floor(random() * 60_000));
      out.push({
        requestId: `${options.idPrefix}${out.length.toString(36).padStart(7, '0')}`,
        partnerId: key.partnerId,
        apiKeyId: key.id,
        method: endpoint.method,
        path: endpoint.path(random),
        endpoint: endpoint.endpoint,
        statusCode: status.status(endpoint.method),
        latencyMs: syntheticLatency(status.fast ? 1.2 : endpoint.medianMs, random),
        ip: `203.0.113.${1 + Math.floor(random() * 40)}`,
        userAgent: options.userAgent ?? 'demo-client/1.0',
        errorCode: status.code,
        billable: status.billable,
        occurredAt: at,
      });
    }
  }
  return out.sort((a, b) => a.occurredAt - b.occurredAt);
}
