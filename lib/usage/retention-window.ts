/** How long individual requests are kept (days): `REQUEST_LOG_RETENTION_DAYS`, 14 unless set to a positive number. */
export function retentionDays(): number {
  const days = Number(process.env.REQUEST_LOG_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : 14;
}

/**
 * `request_logs` is range-partitioned by UTC day of `occurred_at` (migration 0012): one partition per day,
 * `request_logs_pYYYYMMDD` covering [that day 00:00 UTC, the next day 00:00 UTC), and
 * `request_logs_default` for a row whose day has no partition. Pure helpers, shared by the retention job
 * (lib/usage/retention.ts) and the bench seeder.
 */
export const REQUEST_LOGS_DEFAULT_PARTITION = 'request_logs_default';
/** Days ahead of today whose partitions the retention job keeps ready (today included as day 0). */
export const PARTITION_DAYS_AHEAD = 7;

const DAY_MS = 86_400_000;
const NAME_RE = /^request_logs_p(\d{4})(\d{2})(\d{2})$/;

/** Midnight UTC of the day of `at` (ms). */
export const utcDay = (at: number): number => Math.floor(at / DAY_MS) * DAY_MS;

/** `request_logs_p20260501` for any instant of 2026-05-01 UTC. */
export function partitionName(day: number): string {
  return `request_logs_p${new Date(utcDay(day)).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The day (midnight UTC, ms) a partition of ours covers, or null for any other name (the default one included). */
export function partitionDay(name: string): number | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return partitionName(day) === name ? day : null;
}

const bound = (at: number) => `'${new Date(at).toISOString().slice(0, 10)} 00:00:00+00'`;

/**
 * The DDL of the partition of `day`: only generated names and dates, never input, so safe to inline
 * (DDL takes no bind parameters). IF NOT EXISTS: creating a day twice is a no-op.
 */
export function createPartitionSql(day: number): string {
  const start = utcDay(day);
  return `create table if not exists "${partitionName(start)}" partition of request_logs for values from (${bound(start)}) to (${bound(start + DAY_MS)})`;
}

/** Whether a partition of `day` lies wholly before `cutoff` (its last instant is older): only then is it dropped. */
export const partitionExpired = (day: number, cutoff: number): boolean => utcDay(day) + DAY_MS <= cutoff;
