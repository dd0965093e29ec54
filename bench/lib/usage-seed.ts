/**
 * Synthetic usage for the analytics benchmark: 50 organizations, 500 keys, N requests over D days,
 * written as the per-minute `usage_logs` rollups the metering flush would have produced (one row per
 * key/endpoint/method/status/minute, with the latency histogram) plus `request_logs` for the last days.
 *
 * Requests are drawn one by one (so the rollups are exact aggregates of a request stream): a minute's
 * count follows a daily and weekly rhythm, each request picks a key (log-normal weights plus a few
 * heavy keys), an endpoint (a dozen patterns), a status (~92 % 2xx, 6 % 4xx, 1.5 % 429, 0.5 % 5xx) and
 * a log-normal latency. Rows go through COPY; on empty tables the secondary indexes are dropped first
 * and rebuilt afterwards (same definitions, read from pg_indexes). The analytics' rollups (`usage_hourly`,
 * `usage_daily_keys`, `usage_daily_endpoints`) are then filled from `usage_logs` by INSERT … SELECT … GROUP BY,
 * like the backfill of migration 0005, then ANALYZE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { LATENCY_BUCKETS_MS } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { createPartitionSql, PARTITION_DAYS_AHEAD, utcDay } from '@/lib/usage/retention-window';
import { gaussian, prng, sampler, SYNTHETIC_STATUSES, syntheticLatency, trafficIntensity } from '@/lib/usage/synthetic-traffic';

export interface SeedOptions {
  requests: number;
  days: number;
  /** request_logs rows are written for the requests of the last this-many days (default: 2, or 1 above 20 M requests). */
  requestLogDays?: number;
  /** The per-minute usage_logs are written for the last this-many days (default: all of them, or 1 above 20 M requests). */
  usageLogDays?: number;
  orgs: number;
  keys: number;
  /** PRNG seed: the same options give the same data. */
  seed: number;
  /** Compare the rollups with the grouping of usage_logs after the load (needs usage_logs for every day). */
  checkRollups?: boolean;
}

export const DEFAULT_SEED: SeedOptions = { requests: 10_000_000, days: 30, orgs: 50, keys: 500, seed: 42 };

/** Above this many requests the raw tables get a bounded window by default (the rollups always cover every day). */
export const RAW_WINDOW_ABOVE_REQUESTS = 20_000_000;

/**
 * How many of the last days get raw rows. Up to 20 M requests: usage_logs for every day and request_logs
 * for 2 (as before). Above: 1 day of each, so that 100 M requests over 30 days seed in minutes and a few GB
 * (all 30 days of per-minute rows would be ~80 M rows, and 2 days of request_logs ~7 M). Dashboards read
 * only the rollups, which are complete either way.
 */
export function rawWindow(options: SeedOptions): { usageLogDays: number; requestLogDays: number } {
  const large = options.requests > RAW_WINDOW_ABOVE_REQUESTS;
  return {
    usageLogDays: Math.min(options.days, options.usageLogDays ?? (large ? 1 : options.days)),
    requestLogDays: Math.min(options.days, options.requestLogDays ?? (large ? 1 : 2)),
  };
}

export interface SeededUsage {
  requests: number;
  usageRows: number;
  requestLogRows: number;
  /** Rows of usage_hourly, usage_daily_keys, usage_daily_endpoints. */
  rollupRows: Record<string, number>;
  /** pg_database_size after the seed (bytes). */
  databaseBytes: number;
  seconds: number;
  /** The org with the most traffic, its partner admin, and a staff admin. */
  heavyOrg: { id: string; slug: string };
  partnerAdminUserId: string;
  staffAdminUserId: string;
  from: Date;
  to: Date;
}

export const BENCH_ORG_PREFIX = 'bench-org-';
export const BENCH_STAFF_EMAIL = 'bench-staff@bench.test';
const partnerAdminEmail = (i: number) => `bench-admin-${String(i).padStart(2, '0')}@bench.test`;
const orgSlug = (i: number) => `${BENCH_ORG_PREFIX}${String(i).padStart(2, '0')}`;

// A dozen endpoint patterns, their share of traffic and median latency (ms).
const ENDPOINTS: { method: string; endpoint: string; path: (r: () => number) => string; weight: number; medianMs: number }[] = [
  { method: 'GET', endpoint: '/api/v1/me', path: () => '/api/v1/me', weight: 18, medianMs: 4 },
  { method: 'GET', endpoint: '/api/v1/catalog', path: () => '/api/v1/catalog', weight: 14, medianMs: 22 },
  { method: 'GET', endpoint: '/api/v1/catalog/{id}', path: (r) => `/api/v1/catalog/prd_${Math.floor(r() * 5000)}`, weight: 20, medianMs: 12 },
  { method: 'GET', endpoint: '/api/v1/docs', path: () => '/api/v1/docs', weight: 5, medianMs: 15 },
  { method: 'GET', endpoint: '/api/v1/docs/{slug}', path: (r) => `/api/v1/docs/guide-${Math.floor(r() * 40)}`, weight: 11, medianMs: 9 },
  { method: 'GET', endpoint: '/api/v1/usage', path: () => '/api/v1/usage', weight: 6, medianMs: 45 },
  { method: 'GET', endpoint: '/api/v1/keys', path: () => '/api/v1/keys', weight: 4, medianMs: 18 },
  { method: 'POST', endpoint: '/api/v1/keys', path: () => '/api/v1/keys', weight: 1, medianMs: 35 },
  { method: 'DELETE', endpoint: '/api/v1/keys/{id}', path: (r) => `/api/v1/keys/key_${Math.floor(r() * 1e9).toString(36)}`, weight: 0.5, medianMs: 28 },
  {
    method: 'POST',
    endpoint: '/api/v1/keys/{id}/rotate',
    path: (r) => `/api/v1/keys/key_${Math.floor(r() * 1e9).toString(36)}/rotate`,
    weight: 0.5,
    medianMs: 40,
  },
  { method: 'POST', endpoint: '/api/v1/keys/verify', path: () => '/api/v1/keys/verify', weight: 14, medianMs: 3 },
  { method: 'GET', endpoint: '/api/v1/secrets/{name}', path: (r) => `/api/v1/secrets/SECRET_${Math.floor(r() * 30)}`, weight: 2, medianMs: 8 },
];

const STATUSES = SYNTHETIC_STATUSES;

const BUCKETS = LATENCY_BUCKETS_MS as readonly number[];
function bucketOf(ms: number): number {
  for (let i = 0; i < BUCKETS.length; i++) if (ms <= BUCKETS[i]!) return i;
  return BUCKETS.length;
}

const USAGE_COLUMNS = `id, partner_id, api_key_id, endpoint, method, status_code, occurred_at, request_count, billable_count, latency_sum_ms, latency_max_ms, ${BUCKETS.map((_, i) => `l${i}`).join(', ')}, l${BUCKETS.length}`;
const REQUEST_COLUMNS = 'id, partner_id, api_key_id, method, path, endpoint, status_code, latency_ms, ip, user_agent, error_code, occurred_at';

const ROLLUP_MEASURES = `sum(request_count), sum(billable_count), max(latency_max_ms), ${Array.from({ length: BUCKETS.length + 1 }, (_, i) => `sum(l${i})`).join(', ')}`;
const ROLLUP_COLUMNS = `request_count, billable_count, latency_sum_ms, latency_max_ms, ${Array.from({ length: BUCKETS.length + 1 }, (_, i) => `l${i}`).join(', ')}`;
const ROLLUP_VALUES = `request_count, billable_count, latency_max_ms, ${Array.from({ length: BUCKETS.length + 1 }, (_, i) => `l${i}`).join(', ')}`;
const STATUS_CLASS = `((status_code / 100)::text || 'xx')`;
/**
 * `--check-rollups` (when usage_logs cover every day): the rollups written by the seeder against the same
 * grouping of usage_logs as the backfill of db/migrations/0005_usage_rollups.sql; each query counts the
 * rows that differ in counts, histogram or maximum (not the latency sums: float4 sums in a different order).
 */
const ROLLUP_CHECKS: [string, string][] = [
  [
    'usage_hourly',
    `select count(*)::int as n from ((select partner_id, hour, status_class, ${ROLLUP_VALUES} from usage_hourly
       except select partner_id, date_trunc('hour', occurred_at, 'UTC'), ${STATUS_CLASS}, ${ROLLUP_MEASURES} from usage_logs group by 1, 2, 3)
     union all (select partner_id, date_trunc('hour', occurred_at, 'UTC'), ${STATUS_CLASS}, ${ROLLUP_MEASURES} from usage_logs group by 1, 2, 3
       except select partner_id, hour, status_class, ${ROLLUP_VALUES} from usage_hourly)) d`,
  ],
  [
    'usage_daily_keys',
    `select count(*)::int as n from ((select api_key_id, partner_id, day, status_class, ${ROLLUP_VALUES} from usage_daily_keys
       except select api_key_id, min(partner_id), date_trunc('day', occurred_at, 'UTC'), ${STATUS_CLASS}, ${ROLLUP_MEASURES} from usage_logs group by api_key_id, 3, 4)
     union all (select api_key_id, min(partner_id), date_trunc('day', occurred_at, 'UTC'), ${STATUS_CLASS}, ${ROLLUP_MEASURES} from usage_logs group by api_key_id, 3, 4
       except select api_key_id, partner_id, day, status_class, ${ROLLUP_VALUES} from usage_daily_keys)) d`,
  ],
  [
    'usage_daily_endpoints',
    `select count(*)::int as n from ((select partner_id, endpoint, method, day, status_class, ${ROLLUP_VALUES} from usage_daily_endpoints
       except select partner_id, endpoint, method, date_trunc('day', occurred_at, 'UTC'), ${STATUS_CLASS}, ${ROLLUP_MEASURES} from usage_logs group by 1, 2, 3, 4, 5)
     union all (select partner_id, endpoint, method, date_trunc('day', occurred_at, 'UTC'), ${STATUS_CLASS}, ${ROLLUP_MEASURES} from usage_logs group by 1, 2, 3, 4, 5
       except select partner_id, endpoint, method, day, status_class, ${ROLLUP_VALUES} from usage_daily_endpoints)) d`,
  ],
];

export type Progress = (done: number, total: number, detail: string) => void;

/** A progress line (a bar on a terminal, a line every 5 s otherwise) with rate and ETA. */
export function progressPrinter(label: string, unit: string): { update: Progress; finish: () => void } {
  const started = Date.now();
  let last = 0;
  const tty = process.stdout.isTTY;
  const render = (done: number, total: number, detail: string) => {
    const elapsed = (Date.now() - started) / 1000;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - done) / rate : Number.NaN;
    const width = 28;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const fmtN = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(Math.round(n)));
    return `${label} [${bar}] ${(share * 100).toFixed(1).padStart(5)}%  ${fmtN(done)}/${fmtN(total)} ${unit}  ${fmtN(rate)} ${unit}/s  ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)} s` : '?'}  ${detail}`;
  };
  let lastLine = '';
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - last < (tty ? 250 : 5000)) return;
      last = now;
      lastLine = render(done, total, detail);
      if (tty) process.stdout.write(`\r${lastLine}\x1b[K`);
      else console.log(lastLine);
    },
    finish() {
      if (tty && lastLine) process.stdout.write('\n');
    },
  };
}

interface Org {
  id: string;
  slug: string;
}
interface Key {
  id: string;
  partnerId: string;
}

const rand62 = (random: () => number, n: number) => {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * 62)];
  return out;
};

const SYSTEM_CEILING = {
  origin: 'system',
  keyEnvironments: ['test', 'live'],
  scopes: ['catalog:read', 'docs:read', 'usage:read', 'secrets:read', 'keys:write', 'keys:verify'],
  secretEnvironments: null,
  ipAllowlist: null,
  expiresAt: null,
  rateLimitPerMinute: null,
  monthlyQuota: null,
};

async function createOrgsKeysUsers(sql: postgres.Sql, options: SeedOptions, random: () => number) {
  const [existing] = await sql<{ n: number }[]>`select count(*)::int as n from partners where slug like ${`${BENCH_ORG_PREFIX}%`}`;
  const n = existing?.n ?? 0;
  if (n > 0) throw new Error(`this database already has ${n} bench organizations (${BENCH_ORG_PREFIX}…): seed a fresh one`);
  const passwordHash = await hashPassword(`bench-${rand62(random, 16)}`);
  const orgs: Org[] = Array.from({ length: options.orgs }, (_, i) => ({ id: `org_bench${rand62(random, 17)}`, slug: orgSlug(i) }));
  const keys: Key[] = Array.from({ length: options.keys }, (_, k) => ({
    id: `key_bench${rand62(random, 17)}`,
    partnerId: orgs[Math.floor((k * options.orgs) / options.keys)]!.id,
  }));
  const staffId = `usr_bench${rand62(random, 17)}`;
  const admins = orgs.map((org, i) => ({ userId: `usr_bench${rand62(random, 17)}`, org, i }));
  await sql.begin(async (tx) => {
    await tx`insert into partners ${tx(
      orgs.map((o, i) => ({
        id: o.id,
        name: `Bench Org ${String(i).padStart(2, '0')}${i === 0 ? ' (heavy)' : ''}`,
        slug: o.slug,
        status: 'active',
        support_tier: i % 5 === 0 ? 'enterprise' : i % 2 === 0 ? 'priority' : 'standard',
        approved_at: new Date(),
      })),
    )}`;
    await tx`insert into users ${tx([
      { id: staffId, email: BENCH_STAFF_EMAIL, name: 'Bench Staff', password_hash: passwordHash, staff_role: 'admin' },
      ...admins.map((a) => ({ id: a.userId, email: partnerAdminEmail(a.i), name: `Bench Admin ${a.i}`, password_hash: passwordHash, staff_role: null })),
    ])}`;
    await tx`insert into memberships ${tx(admins.map((a) => ({ id: `mem_bench${rand62(random, 17)}`, partner_id: a.org.id, user_id: a.userId, role: 'partner_admin' })))}`;
    for (let i = 0; i < keys.length; i += 250) {
      await tx`insert into api_keys ${tx(
        keys.slice(i, i + 250).map((k, j) => ({
          id: k.id,
          partner_id: k.partnerId,
          key_name: `bench key ${i + j}`,
          token_prefix: `pp_${(i + j) % 3 === 0 ? 'live' : 'test'}_${rand62(random, 6)}`,
          key_hash: `benchhash_${k.id}`,
          environment: (i + j) % 3 === 0 ? 'live' : 'test',
          scopes: sql.array(['catalog:read', 'docs:read', 'usage:read']),
          // Made by the system (as `keys:create` would): the widest ceiling (api_keys.ceiling, migration 0009).
          ceiling: sql.json(SYSTEM_CEILING),
        })),
      )}`;
    }
  });
  return { orgs, keys, staffId, admins };
}

/** Fills the database at `url` (already migrated). */
export async function seedUsage(url: string, options: SeedOptions, log: (line: string) => void): Promise<SeededUsage> {
  const started = Date.now();
  const random = prng(options.seed);
  const sql = postgres(url, { max: 3, onnotice: () => {}, connect_timeout: 10 });
  try {
    const { orgs, keys, staffId, admins } = await createOrgsKeysUsers(sql, options, random);
    log(`created ${orgs.length} organizations, ${keys.length} keys, ${admins.length} partner admins and a staff admin (${BENCH_STAFF_EMAIL})`);

    // Key weights: log-normal, plus a few heavy keys (in org 0, the heavy one, and two elsewhere).
    const keyWeights = keys.map(() => Math.exp(gaussian(random)));
    const heavy: [number, number][] = [
      [0, 60],
      [1, 45],
      [2, 25],
      [Math.floor(keys.length * 0.33), 30],
      [Math.floor(keys.length * 0.71), 20],
    ];
    for (const [k, factor] of heavy) if (k < keys.length) keyWeights[k] = factor;
    const pickKey = sampler(keyWeights, random);
    const pickEndpoint = sampler(
      ENDPOINTS.map((e) => e.weight),
      random,
    );
    const pickStatus = sampler(
      STATUSES.map((s) => s.weight),
      random,
    );

    // Empty tables: drop the secondary indexes and rebuild them after the load (much faster than
    // maintaining five b-trees row by row). Their definitions come from pg_indexes, so nothing is guessed.
    const [filled] = await sql<{ usage: number; requests: number }[]>`
      select (select count(*)::int from (select 1 from usage_logs limit 1) u) as usage,
             (select count(*)::int from (select 1 from request_logs limit 1) r) as requests`;
    const indexes =
      filled?.usage === 0 && filled.requests === 0
        ? await sql<{ indexname: string; indexdef: string }[]>`
            select indexname, indexdef from pg_indexes
            where schemaname = current_schema() and tablename in ('usage_logs', 'request_logs')
              and indexname not in (select conname from pg_constraint)`
        : [];
    for (const index of indexes) await sql.unsafe(`drop index "${index.indexname}"`);
    if (indexes.length) log(`dropped ${indexes.length} secondary indexes for the load (rebuilt afterwards): ${indexes.map((i) => i.indexname).join(', ')}`);

    const to = Math.floor(Date.now() / 60_000) * 60_000;
    const minutes = Math.round(options.days * 1440);
    const from = to - minutes * 60_000;
    const rawDays = rawWindow(options);
    const usageLogFrom = to - rawDays.usageLogDays * 86_400_000;
    const logFrom = to - rawDays.requestLogDays * 86_400_000;
    const weights = Array.from({ length: minutes }, (_, m) => trafficIntensity(from + m * 60_000, from, to));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    log(
      `writing the rollups of all ${options.days} days, usage_logs for the last ${rawDays.usageLogDays} days and request_logs for the last ${rawDays.requestLogDays} days`,
    );

    // request_logs is partitioned by UTC day (migration 0012): the seeded days get their partitions first.
    for (let day = utcDay(logFrom); day <= utcDay(to) + PARTITION_DAYS_AHEAD * 86_400_000; day += 86_400_000) await sql.unsafe(createPartitionSql(day));

    let requests = 0;
    let usageRows = 0;
    let requestLogRows = 0;
    // request_logs go to a temporary file while usage_logs stream into their COPY, then are copied in turn.
    const requestLogFile = path.join(os.tmpdir(), `pp-seed-request-logs-${process.pid}.tsv`);
    const requestLogFd = fs.openSync(requestLogFile, 'w');
    const progress = progressPrinter('seeding', 'req');
    const expectedTotal = options.requests;
    const nBuckets = BUCKETS.length + 1;
    const width = 4 + nBuckets;

    // The rollups, aggregated here exactly as the metering flush upserts them: [count, billable, latency
    // sum, latency max, l0..l10] per (org, hour, class), (key, day, class) and (org, endpoint, method, day, class).
    const hourly = new Map<string, number[]>();
    const dailyKeys = new Map<string, number[]>();
    const dailyEndpoints = new Map<string, number[]>();
    const fold = (into: Map<string, number[]>, id: string, row: number[]) => {
      let target = into.get(id);
      if (!target) into.set(id, (target = new Array<number>(width).fill(0)));
      target[0]! += row[0]!;
      target[1]! += row[1]!;
      target[2]! += row[2]!;
      if (row[3]! > target[3]!) target[3] = row[3]!;
      for (let b = 4; b < width; b++) target[b]! += row[b]!;
    };
    const classOf = (s: number) => `${Math.floor(STATUSES[s]!.status('GET') / 100)}xx`;

    const usageLines = async function* (): AsyncGenerator<string> {
      let chunk = '';
      let reqChunk = '';
      // key*10^4 + endpoint*100 + status → [count, billable, sum, max, ...buckets]: per minute (the
      // usage_logs rows of the raw window) and per hour (folded into the rollups at the end of each hour).
      const minuteRows = new Map<number, number[]>();
      const hourRows = new Map<number, number[]>();
      const add = (rows: Map<number, number[]>, id: number, billable: boolean, latency: number, bucket: number) => {
        let row = rows.get(id);
        if (!row) rows.set(id, (row = new Array<number>(width).fill(0)));
        row[0]!++;
        if (billable) row[1]!++;
        row[2]! += latency;
        if (latency > row[3]!) row[3] = latency;
        row[4 + bucket]!++;
      };
      const foldHour = (hourAt: number) => {
        const hourIso = new Date(hourAt).toISOString();
        const dayIso = new Date(utcDay(hourAt)).toISOString();
        for (const [id, row] of hourRows) {
          const k = Math.floor(id / 10_000);
          const e = Math.floor((id % 10_000) / 100);
          const cls = classOf(id % 100);
          const key = keys[k]!;
          const endpoint = ENDPOINTS[e]!;
          fold(hourly, `${key.partnerId}\t${hourIso}\t${cls}`, row);
          fold(dailyKeys, `${key.id}\t${key.partnerId}\t${dayIso}\t${cls}`, row);
          fold(dailyEndpoints, `${key.partnerId}\t${endpoint.endpoint}\t${endpoint.method}\t${dayIso}\t${cls}`, row);
        }
        hourRows.clear();
      };
      let hourAt = Math.floor(from / 3_600_000) * 3_600_000;
      for (let m = 0; m < minutes; m++) {
        const lambda = (options.requests * weights[m]!) / weightSum;
        const n = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
        const minuteAt = from + m * 60_000;
        const minuteHour = Math.floor(minuteAt / 3_600_000) * 3_600_000;
        if (minuteHour !== hourAt) {
          foldHour(hourAt);
          hourAt = minuteHour;
        }
        const minuteIso = new Date(minuteAt).toISOString();
        const raw = minuteAt >= usageLogFrom;
        const logged = minuteAt >= logFrom;
        minuteRows.clear();
        for (let r = 0; r < n; r++) {
          const k = pickKey();
          const e = pickEndpoint();
          const s = pickStatus();
          const endpoint = ENDPOINTS[e]!;
          const status = STATUSES[s]!;
          const median = status.fast ? 1.2 : endpoint.medianMs;
          const latency = syntheticLatency(median, random);
          const id = k * 10_000 + e * 100 + s;
          const bucket = bucketOf(latency);
          add(hourRows, id, status.billable, latency, bucket);
          if (raw) add(minuteRows, id, status.billable, latency, bucket);
          if (logged) {
            const key = keys[k]!;
            const at = new Date(minuteAt + Math.floor(random() * 60_000)).toISOString();
            reqChunk += `req_seed${(requestLogRows++).toString(36).padStart(12, '0')}\t${key.partnerId}\t${key.id}\t${endpoint.method}\t${endpoint.path(random)}\t${endpoint.endpoint}\t${status.status(endpoint.method)}\t${latency}\t10.${k % 250}.${e}.${s + 1}\tbench-client/1.0\t${status.code ?? '\\N'}\t${at}\n`;
            if (reqChunk.length > 1 << 20) {
              fs.writeSync(requestLogFd, reqChunk);
              reqChunk = '';
            }
          }
        }
        requests += n;
        for (const [id, row] of minuteRows) {
          const k = Math.floor(id / 10_000);
          const e = Math.floor((id % 10_000) / 100);
          const s = id % 100;
          const key = keys[k]!;
          const endpoint = ENDPOINTS[e]!;
          chunk += `use_seed${(usageRows++).toString(36).padStart(12, '0')}\t${key.partnerId}\t${key.id}\t${endpoint.endpoint}\t${endpoint.method}\t${STATUSES[s]!.status(endpoint.method)}\t${minuteIso}\t${row[0]}\t${row[1]}\t${Math.round(row[2]! * 100) / 100}\t${row[3]}\t${row.slice(4).join('\t')}\n`;
        }
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = '';
        }
        progress.update(requests, expectedTotal, `${usageRows.toLocaleString('en-US')} usage rows, ${requestLogRows.toLocaleString('en-US')} request logs`);
      }
      foldHour(hourAt);
      if (chunk) yield chunk;
      if (reqChunk) fs.writeSync(requestLogFd, reqChunk);
    };

    try {
      await pipeline(Readable.from(usageLines()), await sql.unsafe(`copy usage_logs (${USAGE_COLUMNS}) from stdin`).writable());
      fs.closeSync(requestLogFd);
      progress.finish();
      log(
        `usage_logs: ${usageRows.toLocaleString('en-US')} rows (last ${rawDays.usageLogDays} days) of ${requests.toLocaleString('en-US')} requests (${((Date.now() - started) / 1000).toFixed(1)} s so far)`,
      );
      await pipeline(
        fs.createReadStream(requestLogFile, { highWaterMark: 1 << 20 }),
        await sql.unsafe(`copy request_logs (${REQUEST_COLUMNS}) from stdin`).writable(),
      );
      log(
        `request_logs: ${requestLogRows.toLocaleString('en-US')} rows (last ${rawDays.requestLogDays} days) (${((Date.now() - started) / 1000).toFixed(1)} s so far)`,
      );
    } finally {
      fs.rmSync(requestLogFile, { force: true });
    }

    // The analytics' rollups over all the days, as the metering flush would have upserted them (ids need
    // only be unique), written directly: at 100 M requests the per-minute rows of 30 days would be ~80 M.
    const rollupRows: Record<string, number> = {};
    const measuresOf = (row: number[]) => `${row[0]}\t${row[1]}\t${Math.round(row[2]! * 100) / 100}\t${row[3]}\t${row.slice(4).join('\t')}`;
    const rollups: [string, string, string, Map<string, number[]>][] = [
      ['usage_hourly', 'partner_id, hour, status_class', 'uh_seed', hourly],
      ['usage_daily_keys', 'api_key_id, partner_id, day, status_class', 'udk_seed', dailyKeys],
      ['usage_daily_endpoints', 'partner_id, endpoint, method, day, status_class', 'ude_seed', dailyEndpoints],
    ];
    for (const [table, columns, prefix, rows] of rollups) {
      const t = Date.now();
      let i = 0;
      const lines = function* () {
        let chunk = '';
        for (const [id, row] of rows) {
          chunk += `${prefix}${(i++).toString(36).padStart(10, '0')}\t${id}\t${measuresOf(row)}\n`;
          if (chunk.length > 1 << 20) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      };
      await pipeline(Readable.from(lines()), await sql.unsafe(`copy ${table} (id, ${columns}, ${ROLLUP_COLUMNS}) from stdin`).writable());
      rollupRows[table] = rows.size;
      log(`${table}: ${rows.size.toLocaleString('en-US')} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }

    await sql.unsafe(`set maintenance_work_mem = '512MB'`);
    for (const index of indexes) {
      const t = Date.now();
      // A partitioned table's index reads `ON ONLY` in pg_indexes (the parent alone): rebuild it on every partition.
      await sql.unsafe(index.indexdef.replace(' ON ONLY ', ' ON '));
      log(`rebuilt ${index.indexname} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const t = Date.now();
    await sql.unsafe('analyze usage_logs, usage_hourly, usage_daily_keys, usage_daily_endpoints, request_logs, partners, api_keys, users, memberships');
    log(`ANALYZE in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    if (options.checkRollups) {
      if (rawDays.usageLogDays < options.days) throw new Error('--check-rollups needs usage_logs for every day (--usage-log-days equal to --days)');
      for (const [table, statement] of ROLLUP_CHECKS) {
        const [diff] = await sql.unsafe<{ n: number }[]>(statement);
        if (diff?.n) throw new Error(`${table} differs from the grouping of usage_logs in ${diff.n} rows`);
        log(`${table} checked: equal to the grouping of usage_logs`);
      }
    }

    // The heavy org: most requests (org 0 by construction; checked, not assumed).
    const [top] = await sql<{ partner_id: string }[]>`select partner_id from usage_daily_keys group by partner_id order by sum(request_count) desc limit 1`;
    const [size] = await sql<{ bytes: string }[]>`select pg_database_size(current_database()) as bytes`;
    const heavyOrg = orgs.find((o) => o.id === top?.partner_id) ?? orgs[0]!;
    const partnerAdmin = admins.find((a) => a.org.id === heavyOrg.id)!;
    return {
      requests,
      usageRows,
      requestLogRows,
      rollupRows,
      databaseBytes: Number(size!.bytes),
      seconds: (Date.now() - started) / 1000,
      heavyOrg,
      partnerAdminUserId: partnerAdmin.userId,
      staffAdminUserId: staffId,
      from: new Date(from),
      to: new Date(to),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A database that was seeded before (bench:analytics --database-url): its heavy org and actors. */
export async function findSeeded(url: string): Promise<Omit<SeededUsage, 'seconds'> | null> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [staff] = await sql<{ id: string }[]>`select id from users where email = ${BENCH_STAFF_EMAIL}`;
    if (!staff) return null;
    const [top] = await sql<{ partner_id: string; slug: string }[]>`
      select u.partner_id, p.slug from (
        select partner_id, sum(request_count) as n from usage_daily_keys group by partner_id order by n desc limit 1
      ) u join partners p on p.id = u.partner_id`;
    if (!top) return null;
    const [admin] = await sql<{ user_id: string }[]>`select user_id from memberships where partner_id = ${top.partner_id} and role = 'partner_admin' limit 1`;
    // The rollups cover every day; usage_logs and request_logs may hold only the last days (rawWindow).
    const [counts] = await sql<
      { requests: string; rows: string; logs: string; from: Date; to: Date; hourly: string; keys: string; endpoints: string; bytes: string }[]
    >`
      select (select sum(request_count) from usage_hourly) as requests, (select count(*) from usage_logs) as rows,
             (select count(*) from request_logs) as logs,
             (select min(hour) from usage_hourly) as from, (select max(hour) + interval '1 hour' from usage_hourly) as to,
             (select count(*) from usage_hourly) as hourly, (select count(*) from usage_daily_keys) as keys,
             (select count(*) from usage_daily_endpoints) as endpoints, pg_database_size(current_database()) as bytes`;
    return {
      requests: Number(counts!.requests),
      usageRows: Number(counts!.rows),
      requestLogRows: Number(counts!.logs),
      rollupRows: { usage_hourly: Number(counts!.hourly), usage_daily_keys: Number(counts!.keys), usage_daily_endpoints: Number(counts!.endpoints) },
      databaseBytes: Number(counts!.bytes),
      heavyOrg: { id: top.partner_id, slug: top.slug },
      partnerAdminUserId: admin!.user_id,
      staffAdminUserId: staff.id,
      from: counts!.from,
      to: counts!.to,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `--name value` and `--flag` from argv. */
export function parseArgs(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) out.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.set(name, argv[++i]!);
    else out.set(name, true);
  }
  return out;
}

export function seedOptionsFrom(args: Map<string, string | true>): SeedOptions {
  const optional = (name: string) => (typeof args.get(name) === 'string' ? num(name, 0) : undefined);
  const num = (name: string, fallback: number) => {
    const v = args.get(name);
    if (v === undefined || v === true) return fallback;
    const n = Number(String(v).replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} wants a positive number, not ${v}`);
    return n;
  };
  return {
    requests: Math.round(num('requests', DEFAULT_SEED.requests)),
    days: num('days', DEFAULT_SEED.days),
    requestLogDays: optional('request-log-days'),
    usageLogDays: optional('usage-log-days'),
    orgs: Math.round(num('orgs', DEFAULT_SEED.orgs)),
    keys: Math.round(num('keys', DEFAULT_SEED.keys)),
    seed: Math.round(num('seed', DEFAULT_SEED.seed)),
    checkRollups: args.has('check-rollups'),
  };
}
