import 'server-only';
import { writeBatch } from '@/lib/usage/metering-buffer';
import { startOfMonth } from '@/lib/usage/request-record';
import { utcDay } from '@/lib/usage/retention-window';
import { syntheticRequests, type SyntheticEndpoint, type SyntheticKey } from '@/lib/usage/synthetic-traffic';

const DAY = 86_400_000;

/** The portal's own `/api/v1` operations, with a believable share of calls and median latency each. */
export const PORTAL_TRAFFIC_ENDPOINTS: SyntheticEndpoint[] = [
  { method: 'GET', endpoint: '/api/v1/me', path: () => '/api/v1/me', weight: 16, medianMs: 4 },
  { method: 'GET', endpoint: '/api/v1/endpoints', path: () => '/api/v1/endpoints', weight: 14, medianMs: 18 },
  { method: 'GET', endpoint: '/api/v1/docs', path: () => '/api/v1/docs', weight: 6, medianMs: 15 },
  {
    method: 'GET',
    endpoint: '/api/v1/docs/{slug}',
    path: (r) => `/api/v1/docs/${['quickstart', 'authentication', 'errors', 'changelog'][Math.floor(r() * 4)]}`,
    weight: 10,
    medianMs: 9,
  },
  { method: 'GET', endpoint: '/api/v1/usage', path: () => '/api/v1/usage', weight: 8, medianMs: 45 },
  { method: 'GET', endpoint: '/api/v1/keys', path: () => '/api/v1/keys', weight: 4, medianMs: 18 },
  { method: 'POST', endpoint: '/api/v1/keys/verify', path: () => '/api/v1/keys/verify', weight: 20, medianMs: 3 },
  { method: 'GET', endpoint: '/api/v1/secrets', path: () => '/api/v1/secrets', weight: 5, medianMs: 8 },
];

export interface DemoTrafficPlan {
  /** Names the batches: a day already written under this name is skipped, so reruns add only what is missing. */
  name: string;
  keys: SyntheticKey[];
  endpoints?: SyntheticEndpoint[];
  /** Requests per day, on average. */
  perDay: number;
  days: number;
  seed: number;
}

/**
 * Writes synthetic traffic through the metering flush (`writeBatch`): the same per-minute `usage_logs`,
 * hourly and daily rollups and `request_logs` that real requests produce, one batch per UTC day. The
 * batch id names the plan and the day, and a flushed batch id is never written twice (`usage_flushes`),
 * so the demo can run on every start and only tops up the days since the last run.
 */
export async function writeDemoTraffic(plan: DemoTrafficPlan, now = Date.now()): Promise<number> {
  let written = 0;
  const firstDay = utcDay(now) - (plan.days - 1) * DAY;
  for (let day = firstDay; day <= utcDay(now); day += DAY) {
    const to = Math.min(day + DAY, now);
    if (to <= day) continue;
    const label = new Date(day).toISOString().slice(0, 10).replaceAll('-', '');
    const records = syntheticRequests({
      keys: plan.keys,
      endpoints: plan.endpoints ?? PORTAL_TRAFFIC_ENDPOINTS,
      from: day,
      to,
      requests: Math.round((plan.perDay * (to - day)) / DAY),
      seed: plan.seed + day / DAY,
      idPrefix: `req_demo_${plan.name}_${label}_`,
    });
    if (records.length === 0) continue;
    await writeBatch({ id: `demo:${plan.name}:${label}`, records });
    written += records.length;
  }
  return written;
}

/**
 * Brings a key's billable requests this month (UTC) up to `target`, spread from the 1st to now: how a key
 * nears its quota. Written as one batch per run named by the month and the target, so a rerun adds nothing.
 */
export async function fillMonthlyUsage(name: string, key: SyntheticKey, alreadyUsed: number, target: number, now = Date.now()): Promise<number> {
  const missing = target - alreadyUsed;
  if (missing <= 0) return 0;
  const from = Math.max(startOfMonth(now).getTime(), now - 14 * DAY);
  const records = syntheticRequests({
    keys: [key],
    endpoints: PORTAL_TRAFFIC_ENDPOINTS,
    from,
    to: now,
    // The generator spreads non-billable answers (403, 429) too: ask for a few more to reach the target.
    requests: Math.ceil(missing * 1.03),
    seed: 7,
    idPrefix: `req_demo_${name}_`,
  })
    .map((r) => (r.billable ? r : { ...r, billable: true, statusCode: 200, errorCode: null }))
    .slice(0, missing);
  const month = new Date(now).toISOString().slice(0, 7);
  await writeBatch({ id: `demo:${name}:${month}`, records });
  return records.length;
}
