import 'server-only';
import { lt, sql } from 'drizzle-orm';
import { db as defaultDb, type Queryable } from '@/db';
import { usageFlushes } from '@/db/schema';
import {
  createPartitionSql,
  PARTITION_DAYS_AHEAD,
  partitionDay,
  partitionExpired,
  partitionName,
  REQUEST_LOGS_DEFAULT_PARTITION,
  retentionDays,
  utcDay,
} from './retention-window';

/**
 * Individual requests are support data, kept for a bounded window (`REQUEST_LOG_RETENTION_DAYS`, default
 * 14); the per-minute `usage_logs` and the rollups are kept. `request_logs` is partitioned by UTC day
 * (migration 0012, names in ./retention-window): retention drops whole partitions, never deletes rows,
 * so it costs the same at any volume and leaves no dead tuples. A day's partition is dropped once the
 * whole day is older than the window (one that straddles the cut-off waits for the next run).
 *
 * The partitions of today and the next `PARTITION_DAYS_AHEAD` days are created ahead (at start-up and
 * hourly, by the runtime's jobs in metering-jobs.ts); a row for a day without its partition still lands, in `request_logs_default`, and is moved
 * into its day's partition (created for it) by the next run. The DDL runs one short transaction at a time,
 * under an advisory lock (instances take turns) and a lock timeout (a busy table is retried next hour
 * rather than queued behind for long).
 */
const FLUSH_RECORD_DAYS = 2;
const DAY_MS = 86_400_000;
const PARTITION_LOCK_ID = 7_348_222;
const LOCK_TIMEOUT = '5s';

export interface PartitionResult {
  /** Partitions created (ahead, or for rows found in the default partition). */
  created: string[];
  /** Rows moved from `request_logs_default` into their day's partition. */
  movedFromDefault: number;
}

export interface PruneResult extends PartitionResult {
  /** Partitions dropped: every day wholly before the cut-off. */
  droppedPartitions: string[];
  usageFlushes: number;
  cutoff: Date;
}

export interface PartitionOptions {
  now?: number;
  /** Days after today whose partitions must exist (default PARTITION_DAYS_AHEAD). */
  daysAhead?: number;
  db?: Queryable;
}

export interface PruneOptions extends PartitionOptions {
  /** The retention window in days (default REQUEST_LOG_RETENTION_DAYS). */
  days?: number;
  onProgress?: (line: string) => void;
}

type Row = Record<string, unknown>;
async function query<T extends Row>(db: Queryable, statement: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** One DDL step: a transaction that waits its turn among instances and gives up on a busy table. */
async function ddl<T>(db: Queryable, step: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK_ID})`);
    await tx.execute(sql.raw(`set local lock_timeout = '${LOCK_TIMEOUT}'`));
    return step(tx);
  });
}

/** The names of request_logs' partitions (the default one included). */
export async function listRequestLogPartitions(db: Queryable = defaultDb): Promise<string[]> {
  const rows = await query<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'request_logs'::regclass order by c.relname`,
  );
  return rows.map((r) => r.name);
}

/**
 * Makes sure the partitions of today and the next `daysAhead` days exist, and moves any row of the
 * default partition into its day's partition (creating it). Idempotent; cheap when there is nothing to do
 * (a catalog read and an index-less look at the default partition, which is empty in the normal case).
 */
export async function ensureRequestLogPartitions(options: PartitionOptions = {}): Promise<PartitionResult> {
  const db = options.db ?? defaultDb;
  const today = utcDay(options.now ?? Date.now());
  const existing = new Set(await listRequestLogPartitions(db));
  const created: string[] = [];
  let movedFromDefault = 0;

  // Rows that landed in the default partition: each of their days gets its partition, the rows moved in.
  const strays = await query<{ day: number; n: number }>(
    db,
    sql`select (extract(epoch from date_trunc('day', occurred_at, 'UTC')) * 1000)::float8 as day, count(*)::int as n
        from ${sql.identifier(REQUEST_LOGS_DEFAULT_PARTITION)} group by 1 order by 1`,
  );
  for (const { day } of strays) {
    const name = partitionName(day);
    const moved = await ddl(db, async (tx) => {
      // Out of the default partition first (in this transaction), or creating the partition fails its check.
      await tx.execute(sql.raw(`create temporary table request_logs_moving (like request_logs) on commit drop`));
      const [row] = await query<{ n: number }>(
        tx,
        sql`with moved as (
              delete from ${sql.identifier(REQUEST_LOGS_DEFAULT_PARTITION)}
              where occurred_at >= ${new Date(day).toISOString()}::timestamptz and occurred_at < ${new Date(day + DAY_MS).toISOString()}::timestamptz
              returning *)
            , kept as (insert into request_logs_moving select * from moved returning 1)
            select count(*)::int as n from kept`,
      );
      await tx.execute(sql.raw(createPartitionSql(day)));
      await tx.execute(sql.raw(`insert into request_logs select * from request_logs_moving on conflict do nothing`));
      return row?.n ?? 0;
    });
    movedFromDefault += moved;
    if (!existing.has(name)) created.push(name);
    existing.add(name);
  }

  for (let i = 0; i <= (options.daysAhead ?? PARTITION_DAYS_AHEAD); i++) {
    const day = today + i * DAY_MS;
    const name = partitionName(day);
    if (existing.has(name)) continue;
    await ddl(db, (tx) => tx.execute(sql.raw(createPartitionSql(day))));
    created.push(name);
    existing.add(name);
  }
  return { created, movedFromDefault };
}

/**
 * Retention: prepares the partitions (above), drops every day's partition wholly older than the window,
 * and deletes old flush records (the flush ids of `usage_flushes` only matter while a batch may still be
 * retried). Several instances may run it: every step is idempotent.
 */
export async function pruneRequestLogs(options: PruneOptions = {}): Promise<PruneResult> {
  const db = options.db ?? defaultDb;
  const now = options.now ?? Date.now();
  const cutoff = new Date(now - (options.days ?? retentionDays()) * DAY_MS);
  const prepared = await ensureRequestLogPartitions({ ...options, db, now });
  if (prepared.movedFromDefault) options.onProgress?.(`moved ${prepared.movedFromDefault} rows out of ${REQUEST_LOGS_DEFAULT_PARTITION}`);

  const droppedPartitions: string[] = [];
  for (const name of await listRequestLogPartitions(db)) {
    const day = partitionDay(name);
    if (day === null || !partitionExpired(day, cutoff.getTime())) continue;
    await ddl(db, (tx) => tx.execute(sql.raw(`drop table if exists "${name}"`)));
    droppedPartitions.push(name);
    options.onProgress?.(`dropped ${name}`);
  }

  const flushes = await db
    .delete(usageFlushes)
    .where(lt(usageFlushes.flushedAt, new Date(now - FLUSH_RECORD_DAYS * DAY_MS)))
    .returning({ id: usageFlushes.id });
  return { ...prepared, droppedPartitions, usageFlushes: flushes.length, cutoff };
}
