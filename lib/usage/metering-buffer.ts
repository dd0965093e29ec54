import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { LATENCY_BUCKETS_MS, requestLogs, usageDailyEndpoints, usageDailyKeys, usageFlushes, usageHourly, usageLogs } from '@/db/schema';
import { newId, randomBase62 } from '@/lib/ids';
import { onShutdown } from '@/lib/lifecycle/shutdown-hooks';
import { startAlertTimer } from '@/lib/alerts/alert-timer';
import type { RequestRecord } from './request-record';
import { startRetentionTimer } from './retention';

/**
 * Nothing lost, nothing doubled. The guard hands each request to `recordRequest` and returns at once;
 * a timer writes the buffer every second (sooner when a batch fills) in one transaction per batch:
 * per-minute rows of `usage_logs` by upsert and the requests into `request_logs`. A batch that fails is
 * retried as the same batch (same id, same rows); its id is stored in `usage_flushes` inside the
 * transaction, so a retry of a batch whose COMMIT did happen is recognised and skipped. While Postgres is
 * down the buffer keeps growing up to a bound, and SIGTERM flushes it before the process exits.
 */
const FLUSH_INTERVAL_MS = Number(process.env.METERING_FLUSH_MS ?? 1_000);
const BATCH_MAX = 5_000;
const BUFFER_MAX = Number(process.env.METERING_BUFFER_MAX ?? 1_000_000);
const CHUNK = 500;

export interface Batch {
  id: string;
  records: RequestRecord[];
}

interface BufferState {
  queue: RequestRecord[];
  /** The batch being written; on failure it stays here and is retried before anything newer. */
  batch: Batch | null;
  flushing: Promise<void> | null;
  timer?: NodeJS.Timeout;
  dropped: number;
  lastWarning: number;
  listeners: Set<(records: RequestRecord[]) => void>;
}

const holder = globalThis as typeof globalThis & { __partnerPortalMetering?: BufferState };
function state(): BufferState {
  holder.__partnerPortalMetering ??= { queue: [], batch: null, flushing: null, dropped: 0, lastWarning: 0, listeners: new Set() };
  return holder.__partnerPortalMetering;
}

function warn(message: string) {
  const s = state();
  if (Date.now() - s.lastWarning < 10_000) return;
  s.lastWarning = Date.now();
  console.error(`[metering] ${message}`);
}

/** Off the request path: a push, and a timer that is started once. */
export function recordRequest(record: RequestRecord): void {
  const s = state();
  const held = s.queue.length + (s.batch?.records.length ?? 0);
  if (held >= BUFFER_MAX) {
    s.dropped++;
    warn(`buffer full (${BUFFER_MAX} requests held, database unreachable?): ${s.dropped} requests NOT metered so far`);
    return;
  }
  if (held >= BUFFER_MAX * 0.8)
    warn(`buffer at ${Math.round((held / BUFFER_MAX) * 100)}% of its bound (${held} of ${BUFFER_MAX} requests held); is the database reachable?`);
  s.queue.push(record);
  for (const listener of s.listeners) listener([record]);
  if (!s.timer) {
    s.timer = setInterval(() => void flushMetering(), FLUSH_INTERVAL_MS);
    s.timer.unref();
    onShutdown('metering', () => flushMetering({ untilEmpty: true }));
    // The jobs that live off metered data start with it: pruning old request logs, evaluating alerts.
    startRetentionTimer();
    startAlertTimer();
  }
  if (s.queue.length >= BATCH_MAX) void flushMetering();
}

/** Requests held in memory and not yet written (the quota counts them too). */
export function unflushedRecords(): RequestRecord[] {
  const s = state();
  return s.batch ? [...s.batch.records, ...s.queue] : [...s.queue];
}

/** For the live view: every request as it is recorded, in this process. */
export function onRequestRecorded(listener: (records: RequestRecord[]) => void): () => void {
  state().listeners.add(listener);
  return () => state().listeners.delete(listener);
}

/**
 * Writes what is buffered. Concurrent calls share one flush. Resolves when done or when a batch failed
 * (it stays buffered and is retried on the next call); `untilEmpty` retries for up to 10 s (shutdown).
 */
export async function flushMetering(options: { untilEmpty?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + 10_000;
  do {
    const s = state();
    s.flushing ??= drain().finally(() => {
      s.flushing = null;
    });
    await s.flushing;
    if (!options.untilEmpty || (!s.batch && s.queue.length === 0)) return;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
}

async function drain(): Promise<void> {
  const s = state();
  while (s.batch || s.queue.length) {
    const batch = (s.batch ??= { id: newId('ufb'), records: s.queue.splice(0, BATCH_MAX) });
    try {
      await writeBatch(batch);
      s.batch = null;
    } catch (error) {
      warn(`could not write ${batch.records.length} metered requests (kept, retrying): ${(error as Error).message}`);
      return;
    }
  }
}

interface UsageRow {
  id: string;
  partnerId: string;
  apiKeyId: string;
  endpoint: string;
  method: string;
  statusCode: number;
  occurredAt: Date;
  requestCount: number;
  billableCount: number;
  latencySumMs: number;
  latencyMaxMs: number;
  buckets: number[];
}

function bucketOf(latencyMs: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

/** One row per (key, endpoint, method, status, minute). */
export function aggregate(records: RequestRecord[]): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const r of records) {
    const minute = Math.floor(r.occurredAt / 60_000) * 60_000;
    const id = `${r.apiKeyId}\u0000${r.endpoint}\u0000${r.method}\u0000${r.statusCode}\u0000${minute}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        id: newId('use'),
        partnerId: r.partnerId,
        apiKeyId: r.apiKeyId,
        endpoint: r.endpoint,
        method: r.method,
        statusCode: r.statusCode,
        occurredAt: new Date(minute),
        requestCount: 0,
        billableCount: 0,
        latencySumMs: 0,
        latencyMaxMs: 0,
        buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
      };
      rows.set(id, row);
    }
    row.requestCount++;
    if (r.billable) row.billableCount++;
    row.latencySumMs += r.latencyMs;
    row.latencyMaxMs = Math.max(row.latencyMaxMs, r.latencyMs);
    row.buckets[bucketOf(r.latencyMs)]!++;
  }
  return [...rows.values()];
}

const measureColumns = ['request_count', 'billable_count', 'latency_sum_ms', ...Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => `l${b}`)];

/** `count = count + excluded.count` for every measure, and the larger maximum. */
function addMeasures(table: string) {
  const set: Record<string, SQL> = Object.fromEntries(measureColumns.map((c) => [camel(c), sql.raw(`${table}.${c} + excluded.${c}`)]));
  set.latencyMaxMs = sql.raw(`greatest(${table}.latency_max_ms, excluded.latency_max_ms)`);
  return set;
}
const camel = (column: string) => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

interface Measures {
  requestCount: number;
  billableCount: number;
  latencySumMs: number;
  latencyMaxMs: number;
  buckets: number[];
}

/** Sums usage rows into the rollups' groups. */
function rollUp<T extends object>(
  rows: UsageRow[],
  group: (row: UsageRow) => T,
  prefix: 'uh' | 'udk' | 'ude',
): (T & Omit<Measures, 'buckets'> & { id: string })[] {
  const out = new Map<string, T & Measures>();
  for (const row of rows) {
    const dims = group(row);
    const id = JSON.stringify(dims);
    const sum = out.get(id) ?? {
      ...dims,
      requestCount: 0,
      billableCount: 0,
      latencySumMs: 0,
      latencyMaxMs: 0,
      buckets: new Array<number>(row.buckets.length).fill(0),
    };
    sum.requestCount += row.requestCount;
    sum.billableCount += row.billableCount;
    sum.latencySumMs += row.latencySumMs;
    sum.latencyMaxMs = Math.max(sum.latencyMaxMs, row.latencyMaxMs);
    row.buckets.forEach((n, b) => (sum.buckets[b]! += n));
    out.set(id, sum);
  }
  return [...out.values()].map(
    ({ buckets, ...sum }) =>
      ({ ...sum, id: `${prefix}_${randomBase62(22)}`, ...Object.fromEntries(buckets.map((n, b) => [`l${b}`, n])) }) as unknown as T &
        Omit<Measures, 'buckets'> & { id: string },
  );
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
const truncate = (at: Date, unit: number) => new Date(Math.floor(at.getTime() / unit) * unit);
const HOUR = 3_600_000;
const DAY = 86_400_000;

const add = (column: string) => sql.raw(`usage_logs.${column} + excluded.${column}`);

/** Exported for the tests of retries; the buffer is the only other caller. */
export async function writeBatch(batch: Batch): Promise<void> {
  await db.transaction(async (tx) => {
    const claimed = await tx.insert(usageFlushes).values({ id: batch.id, rows: batch.records.length }).onConflictDoNothing().returning({ id: usageFlushes.id });
    // Written by an earlier attempt whose COMMIT succeeded but was not acknowledged: already counted.
    if (claimed.length === 0) return;

    const rows = aggregate(batch.records);
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx
        .insert(usageLogs)
        .values(
          rows.slice(i, i + CHUNK).map(({ buckets, ...row }) => ({
            ...row,
            ...Object.fromEntries(buckets.map((n, b) => [`l${b}`, n])),
          })),
        )
        .onConflictDoUpdate({
          target: [usageLogs.apiKeyId, usageLogs.endpoint, usageLogs.method, usageLogs.statusCode, usageLogs.occurredAt],
          set: {
            requestCount: add('request_count'),
            billableCount: add('billable_count'),
            latencySumMs: add('latency_sum_ms'),
            latencyMaxMs: sql.raw('greatest(usage_logs.latency_max_ms, excluded.latency_max_ms)'),
            ...Object.fromEntries(Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => [`l${b}`, add(`l${b}`)])),
          },
        });
    }
    // The analytics' pre-aggregated views, in the same transaction: they never disagree with usage_logs.
    const hourly = rollUp(rows, (r) => ({ partnerId: r.partnerId, hour: truncate(r.occurredAt, HOUR), statusClass: statusClass(r.statusCode) }), 'uh');
    for (let i = 0; i < hourly.length; i += CHUNK) {
      await tx
        .insert(usageHourly)
        .values(hourly.slice(i, i + CHUNK))
        .onConflictDoUpdate({ target: [usageHourly.partnerId, usageHourly.hour, usageHourly.statusClass], set: addMeasures('usage_hourly') });
    }
    const daily = rollUp(
      rows,
      (r) => ({ apiKeyId: r.apiKeyId, partnerId: r.partnerId, day: truncate(r.occurredAt, DAY), statusClass: statusClass(r.statusCode) }),
      'udk',
    );
    for (let i = 0; i < daily.length; i += CHUNK) {
      await tx
        .insert(usageDailyKeys)
        .values(daily.slice(i, i + CHUNK))
        .onConflictDoUpdate({ target: [usageDailyKeys.apiKeyId, usageDailyKeys.day, usageDailyKeys.statusClass], set: addMeasures('usage_daily_keys') });
    }
    const endpoints = rollUp(
      rows,
      (r) => ({ partnerId: r.partnerId, endpoint: r.endpoint, method: r.method, day: truncate(r.occurredAt, DAY), statusClass: statusClass(r.statusCode) }),
      'ude',
    );
    for (let i = 0; i < endpoints.length; i += CHUNK) {
      await tx
        .insert(usageDailyEndpoints)
        .values(endpoints.slice(i, i + CHUNK))
        .onConflictDoUpdate({
          target: [
            usageDailyEndpoints.partnerId,
            usageDailyEndpoints.endpoint,
            usageDailyEndpoints.method,
            usageDailyEndpoints.day,
            usageDailyEndpoints.statusClass,
          ],
          set: addMeasures('usage_daily_endpoints'),
        });
    }
    for (let i = 0; i < batch.records.length; i += CHUNK) {
      await tx
        .insert(requestLogs)
        .values(
          batch.records.slice(i, i + CHUNK).map((r) => ({
            id: r.requestId,
            partnerId: r.partnerId,
            apiKeyId: r.apiKeyId,
            method: r.method,
            path: r.path.slice(0, 500),
            endpoint: r.endpoint,
            statusCode: r.statusCode,
            latencyMs: r.latencyMs,
            ip: r.ip,
            userAgent: r.userAgent?.slice(0, 300) ?? null,
            errorCode: r.errorCode,
            occurredAt: new Date(r.occurredAt),
          })),
        )
        .onConflictDoNothing({ target: requestLogs.id });
    }
  });
}
