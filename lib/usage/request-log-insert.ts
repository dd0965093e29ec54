import 'server-only';
import { sql } from 'drizzle-orm';
import type { Transaction } from '@/db';
import { executePrepared } from '@/db/prepared-statement';
import type { RequestRecord } from './request-record';

/**
 * `request_logs` rows for a chunk of metered requests, as one statement with one parameter (the rows as
 * JSON, expanded by `json_to_recordset`). Building the same insert with drizzle's query builder took
 * 12 parameters per request (6,000 per chunk of 500), each walked through drizzle's type checks: on a
 * server at ~1,000 req/s that was some 70 µs of CPU per request, more than the whole guard. Same rows,
 * same `on conflict do nothing` (the request id's unique key, whatever columns it spans: `request_logs`
 * may be partitioned by day, its key then `(id, occurred_at)`), same truncation (path 500, user agent 300 characters); the time is
 * the record's epoch milliseconds, as `new Date(occurredAt)` stored it.
 */
export async function insertRequestLogs(tx: Transaction, records: RequestRecord[]): Promise<void> {
  if (records.length === 0) return;
  // Built as text, not an array per row through JSON.stringify: only the free text needs escaping.
  let json = '[';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    json +=
      (i > 0 ? ',[' : '[') +
      `${str(r.requestId)},${str(r.partnerId)},${str(r.apiKeyId)},${str(r.method)},${str(r.path.slice(0, 500))},${str(r.endpoint)},` +
      `${num(r.statusCode)},${num(r.latencyMs)},${r.ip == null ? 'null' : str(r.ip)},` +
      `${r.userAgent == null ? 'null' : str(r.userAgent.slice(0, 300))},${r.errorCode == null ? 'null' : str(r.errorCode)},${num(Math.trunc(r.occurredAt))}]`;
  }
  json += ']';
  // Prepared: see db/prepared-statement.ts (this text is the same for every chunk).
  await executePrepared(
    tx,
    sql`insert into request_logs
      (id, partner_id, api_key_id, method, path, endpoint, status_code, latency_ms, ip, user_agent, error_code, occurred_at)
    select r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, (r->>6)::integer, (r->>7)::real, r->>8, r->>9, r->>10,
      timestamptz 'epoch' + (r->>11)::bigint * interval '1 millisecond'
    from json_array_elements(${json}::json) as r
    on conflict do nothing`,
  );
}

// An id, a method or an endpoint is almost always plain ASCII without `"` or `\`: written as it is.
const PLAIN_JSON = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/** A JSON string: as it is when plain, else JSON.stringify of its well-formed text. */
function str(value: string): string {
  return PLAIN_JSON.test(value) ? `"${value}"` : JSON.stringify(text(value));
}

/** A JSON number (`null` for what JSON has no number for, as JSON.stringify writes it). */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * As a text parameter would have sent it: a lone surrogate becomes U+FFFD (the UTF-8 encoder's doing)
 * instead of a `\ud800` escape, which Postgres' JSON refuses.
 */
function text(value: string): string {
  return value.isWellFormed() ? value : value.toWellFormed();
}
