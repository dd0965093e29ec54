import 'server-only';
import { db, type Transaction } from '@/db';
import { LATENCY_BUCKETS_MS, meteringDeadLetters, usageFlushes } from '@/db/schema';
import { executePrepared } from '@/db/prepared-statement';
import { newId, randomBase62 } from '@/lib/ids';
import { processState } from '@/lib/runtime/process-state';
import { cleanGuardRecord, normalizeRequestRecord, type RequestRecord } from './request-record';
import { redactApiKeys } from './redact-keys';
import { insertRequestLogs } from './request-log-insert';
import { upsertUsageDailyEndpoints, upsertUsageDailyKeys, upsertUsageHourly, upsertUsageLogs } from './usage-rows-upsert';

/**
 * Nothing lost, nothing doubled. The guard hands each request to `recordRequest` and returns at once;
 * a timer writes the buffer every second (sooner when a batch fills) in one transaction per batch:
 * per-minute rows of `usage_logs` by upsert and the requests into `request_logs`. A batch that fails is
 * retried as the same batch (same id, same rows); its id is stored in `usage_flushes` inside the
 * transaction, so a retry of a batch whose COMMIT did happen is recognised and skipped. While Postgres is
 * down the buffer keeps growing up to a bound, and SIGTERM flushes it before the process exits.
 *
 * One bad record never stops the others: every record is normalised at the edge (`recordRequest`), and
 * a batch that still fails for a reason other than the connection (Postgres refuses a value) is split in
 * two, recursively, under ids derived from its own (`<id>.0`, `<id>.1`: a retry of a half whose COMMIT
 * was not acknowledged is still recognised); the good halves are written and a single record that is
 * refused goes to `metering_dead_letters` with the error. Connection errors keep the retry of the same
 * batch.
 */
export const FLUSH_INTERVAL_MS = Number(process.env.METERING_FLUSH_MS ?? 1_000);
const BATCH_MAX = 5_000;
const BUFFER_MAX = Number(process.env.METERING_BUFFER_MAX ?? 1_000_000);
const CHUNK = 500;

export interface Batch {
  id: string;
  records: RequestRecord[];
}

interface DeadLetter {
  id: string;
  record: unknown;
  error: string;
}

interface BufferState {
  queue: RequestRecord[];
  /**
   * Batches being written, oldest first; on failure they stay here and are retried before anything
   * newer. A batch Postgres refuses is replaced here by its two halves.
   */
  pending: Batch[];
  /** Records that could not be normalised, or that Postgres refused alone: to `metering_dead_letters`. */
  deadLetters: DeadLetter[];
  flushing: Promise<void> | null;
  dropped: number;
  lastWarning: number;
  listeners: Set<(records: RequestRecord[]) => void>;
}

const state = (): BufferState =>
  processState<BufferState>('metering', () => ({ queue: [], pending: [], deadLetters: [], flushing: null, dropped: 0, lastWarning: 0, listeners: new Set() }));

// Asked on every metered request: nothing pending is the common case, answered without a walk.
const held = (s: BufferState) => (s.pending.length === 0 ? s.queue.length : s.queue.length + s.pending.reduce((n, b) => n + b.records.length, 0));

function warn(message: string) {
  const s = state();
  if (Date.now() - s.lastWarning < 10_000) return;
  s.lastWarning = Date.now();
  console.error(`[metering] ${message}`);
}

/** Off the request path: normalisation and a push; the runtime's `metering.flush` job writes the buffer (metering-jobs.ts). */
export function recordRequest(raw: RequestRecord): void {
  const normalized = normalizeRequestRecord(raw);
  if (!normalized.ok) {
    const s = state();
    if (s.deadLetters.length < BUFFER_MAX) s.deadLetters.push({ id: `mdl_${randomBase62(22)}`, record: raw, error: `not normalisable: ${normalized.error}` });
    warn(`a metered request could not be normalised (${normalized.error}); it goes to metering_dead_letters`);
    return;
  }
  buffer(normalized.record);
}

/**
 * A request the `/api/v1` guard made the record of (every field but what the caller sent is its own):
 * cleaned in place by `cleanGuardRecord`, then buffered. Everything else goes through `recordRequest`.
 */
export function recordGuardedRequest(record: RequestRecord): void {
  buffer(cleanGuardRecord(record));
}

function buffer(record: RequestRecord): void {
  const s = state();
  const count = held(s);
  if (count >= BUFFER_MAX) {
    s.dropped++;
    warn(`buffer full (${BUFFER_MAX} requests held, database unreachable?): ${s.dropped} requests NOT metered so far`);
    return;
  }
  if (count >= BUFFER_MAX * 0.8)
    warn(`buffer at ${Math.round((count / BUFFER_MAX) * 100)}% of its bound (${count} of ${BUFFER_MAX} requests held); is the database reachable?`);
  s.queue.push(record);
  if (s.listeners.size > 0) for (const listener of s.listeners) listener([record]);
  if (s.queue.length >= BATCH_MAX) void flushMetering();
}

/** Requests held in memory and not yet written (the quota counts them too). */
export function unflushedRecords(): RequestRecord[] {
  const s = state();
  return [...s.pending.flatMap((b) => b.records), ...s.queue];
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
    if (!options.untilEmpty || (s.pending.length === 0 && s.queue.length === 0 && s.deadLetters.length === 0)) return;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
}

async function drain(): Promise<void> {
  const s = state();
  while (s.pending.length || s.queue.length) {
    if (!s.pending.length) s.pending.push({ id: newId('ufb'), records: s.queue.splice(0, BATCH_MAX) });
    const batch = s.pending[0]!;
    try {
      await writeBatch(batch);
      s.pending.shift();
    } catch (error) {
      if (isConnectionError(error)) {
        warn(`could not write ${batch.records.length} metered requests (kept, retrying): ${describeError(error)}`);
        return;
      }
      if (batch.records.length > 1) {
        // Postgres refused something in it: write the halves separately, so the good records go in.
        const half = Math.ceil(batch.records.length / 2);
        s.pending.splice(0, 1, { id: `${batch.id}.0`, records: batch.records.slice(0, half) }, { id: `${batch.id}.1`, records: batch.records.slice(half) });
        continue;
      }
      // One record, refused on its own: kept aside with the reason, never retried ahead of the others.
      warn(`a metered request was refused by the database; it goes to metering_dead_letters: ${describeError(error)}`);
      // The id derives from the batch's: written twice after an unacknowledged COMMIT, it is one row.
      s.deadLetters.push({ id: `mdl_${batch.id}`, record: batch.records[0], error: describeError(error) });
      s.pending.shift();
    }
  }
  while (s.deadLetters.length) {
    const letters = s.deadLetters.slice(0, CHUNK);
    try {
      await writeDeadLetters(letters);
    } catch (error) {
      if (isConnectionError(error)) {
        warn(`could not write ${letters.length} metering dead letters (kept, retrying): ${describeError(error)}`);
        return;
      }
      // Made safe for jsonb already: should never happen, and must not block anything if it does.
      console.error(`[metering] ${letters.length} metered requests could not be written, nor kept as dead letters; dropped: ${describeError(error)}`);
    }
    s.deadLetters.splice(0, letters.length);
  }
}

// SQLSTATE classes that say nothing about the data: connection (08), transaction rollback such as
// serialization failure or deadlock (40), insufficient resources (53), lock not available (55),
// operator intervention such as shutdown or statement timeout (57), system error (58).
const TRANSIENT_SQLSTATE = /^(08|40|53|55|57|58)/;
const CONNECTION_CODE = /^(E[A-Z]+|CONNECT.*|CONNECTION_.*)$/;

/** Whether a failed write should be retried as it is (the database is unreachable or busy), rather than split. */
export function isConnectionError(error: unknown): boolean {
  const chain: object[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) chain.push(e);
  // A code decides: Postgres's SQLSTATE, or the driver's / Node's connection codes.
  for (const e of chain) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (CONNECTION_CODE.test(code)) return true; // before SQLSTATE: EPIPE has five letters too
    if (/^[0-9A-Z]{5}$/.test(code)) return TRANSIENT_SQLSTATE.test(code);
  }
  // Without one, the first line of a message (never a driver's "Failed query: … params: …", which
  // carries the records' own text).
  return chain.some((e) => {
    const line = String((e as { message?: unknown }).message ?? '').split('\n')[0]!;
    return !line.startsWith('Failed query') && /connect|terminat|closed|ended|timed? ?out|socket/i.test(line);
  });
}

/** For logs and the dead letters: the error's own message (and its cause's), without keys, NUL or megabytes. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    // A driver's "Failed query: … params: …" carries the records: the first line is enough.
    const message = String((e as { message?: unknown }).message ?? e).split('\n')[0]!;
    parts.push(typeof code === 'string' ? `${message} (${code})` : message);
  }
  return safeText(parts.join(' ← '), 1_000);
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function safeText(text: string, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max)}…(${text.length} characters)` : text;
  return redactApiKeys(cut.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).replace(LONE_SURROGATE, '\ufffd');
}

/** A record as jsonb accepts it (no NUL, no lone surrogate, no NaN) and as it may be kept (no key, no megabyte). */
function safeRecord(record: unknown): unknown {
  if (typeof record === 'string') return safeText(record, 2_000);
  if (typeof record === 'number') return Number.isFinite(record) ? record : String(record);
  if (typeof record !== 'object' || record === null) return record ?? null;
  if (Array.isArray(record)) return record.slice(0, 50).map(safeRecord);
  return Object.fromEntries(
    Object.entries(record)
      .slice(0, 50)
      .map(([k, v]) => [safeText(k, 100), safeRecord(v)]),
  );
}

async function writeDeadLetters(letters: DeadLetter[]): Promise<void> {
  if (!letters.length) return;
  await db
    .insert(meteringDeadLetters)
    .values(letters.map((l) => ({ id: l.id, record: safeRecord(l.record), error: safeText(l.error, 1_000) })))
    .onConflictDoNothing({ target: meteringDeadLetters.id });
}

export interface UsageRow {
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

interface Measures {
  requestCount: number;
  billableCount: number;
  latencySumMs: number;
  latencyMaxMs: number;
  buckets: number[];
}

/** The measures of a row, in the order of the upserts' measure columns (usage-rows-upsert.ts). */
function measuresOf(m: Measures): number[] {
  return [m.requestCount, m.billableCount, m.latencySumMs, m.latencyMaxMs, ...m.buckets];
}

/** Sums usage rows into a rollup's groups: [id, …dimensions, …measures] per group, for its upsert. */
function rollUp(rows: UsageRow[], dimensionsOf: (row: UsageRow) => (string | number)[], prefix: 'uh' | 'udk' | 'ude'): unknown[][] {
  const out = new Map<string, Measures & { dimensions: (string | number)[] }>();
  for (const row of rows) {
    const dimensions = dimensionsOf(row);
    const id = dimensions.join('\u0000');
    let sum = out.get(id);
    if (!sum) {
      sum = { dimensions, requestCount: 0, billableCount: 0, latencySumMs: 0, latencyMaxMs: 0, buckets: new Array<number>(row.buckets.length).fill(0) };
      out.set(id, sum);
    }
    sum.requestCount += row.requestCount;
    sum.billableCount += row.billableCount;
    sum.latencySumMs += row.latencySumMs;
    sum.latencyMaxMs = Math.max(sum.latencyMaxMs, row.latencyMaxMs);
    for (let b = 0; b < row.buckets.length; b++) sum.buckets[b]! += row.buckets[b]!;
  }
  return [...out.values()].map((sum) => [`${prefix}_${randomBase62(22)}`, ...sum.dimensions, ...measuresOf(sum)]);
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
/** Epoch milliseconds, cut to the unit (UTC hours and days). */
const truncate = (at: Date, unit: number) => Math.floor(at.getTime() / unit) * unit;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The batch was written by an earlier attempt: thrown inside the transaction so that it rolls back. */
class AlreadyWritten extends Error {}

/**
 * The buffer calls it; so do the tests of retries and the living demo (lib/seed/demo-traffic.ts), which writes its traffic through it.
 * Every statement of the batch is sent at once (pipelined on the transaction's connection): a round trip
 * per statement was most of the flush's CPU where a round trip is dear (about 450 µs of CPU each on the
 * virtual machines we benchmark on), and the flush runs every second on every instance.
 */
export async function writeBatch(batch: Batch): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      // Sent first: the claim and the writes it guards are in the one transaction.
      const claim = tx
        .insert(usageFlushes)
        .values({ id: batch.id, rows: batch.records.length })
        .onConflictDoNothing()
        .returning({ id: usageFlushes.id })
        // Prepared too: postgres.js sends nothing behind an unprepared statement until it is described.
        .prepare('metering_claim')
        .execute();
      // One JSON parameter per chunk, not drizzle's 12 per request (see insertRequestLogs). request_logs is
      // partitioned by day: its unique key is (id, occurred_at) (migration 0012).
      const chunks: RequestRecord[][] = [];
      for (let i = 0; i < batch.records.length; i += CHUNK) chunks.push(batch.records.slice(i, i + CHUNK));
      const [claimed] = await Promise.all([claim, writeUsageRows(tx, aggregate(batch.records)), ...chunks.map((chunk) => insertRequestLogs(tx, chunk))]);
      // Written by an earlier attempt whose COMMIT succeeded but was not acknowledged: already counted.
      if (claimed.length === 0) throw new AlreadyWritten();
    });
  } catch (error) {
    if (!(error instanceof AlreadyWritten)) throw error;
  }
}

/**
 * Adds per-minute usage rows to `usage_logs` (upsert) and to the analytics' rollups, in the caller's
 * transaction: the buffer's batches, and embedded verifiers' batches (lib/verifier/verifier-usage.ts),
 * so their traffic is in usage, analytics, alerts and quotas exactly as the portal's own. One statement
 * per table (usage-rows-upsert.ts), sent together (pipelined), in this order: see writeBatch.
 */
export async function writeUsageRows(tx: Transaction, rows: UsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const usage = rows.map((r) => [r.id, r.partnerId, r.apiKeyId, r.endpoint, r.method, r.statusCode, r.occurredAt.getTime(), ...measuresOf(r)]);
  // The analytics' pre-aggregated views, in the same transaction: they never disagree with usage_logs.
  const hourly = rollUp(rows, (r) => [r.partnerId, truncate(r.occurredAt, HOUR), statusClass(r.statusCode)], 'uh');
  const daily = rollUp(rows, (r) => [r.apiKeyId, r.partnerId, truncate(r.occurredAt, DAY), statusClass(r.statusCode)], 'udk');
  const endpoints = rollUp(rows, (r) => [r.partnerId, r.endpoint, r.method, truncate(r.occurredAt, DAY), statusClass(r.statusCode)], 'ude');
  await Promise.all([
    executePrepared(tx, upsertUsageLogs(usage)),
    executePrepared(tx, upsertUsageHourly(hourly)),
    executePrepared(tx, upsertUsageDailyKeys(daily)),
    executePrepared(tx, upsertUsageDailyEndpoints(endpoints)),
  ]);
}
