import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { LATENCY_BUCKETS_MS } from '@/db/schema';

/**
 * The metering flush's upserts into `usage_logs` and the analytics' rollups, as fixed SQL text with one
 * parameter: the rows as JSON, expanded by `json_array_elements`. Building them with drizzle's query
 * builder (a column walk, type checks and an update set of 15 measures, for each table, every second
 * on every instance) took more CPU than the rest of the flush; and a fixed text is prepared once per
 * connection (db/prepared-statement.ts). Each statement adds its measures to the row already there
 * (`count = count + excluded.count`, the larger maximum), as the builder's did.
 */

type Cast = 'text' | 'integer' | 'timestamptz';
interface UsageTable {
  table: string;
  /** The row's dimensions after `id`, in the order of the JSON arrays. */
  dimensions: [column: string, cast: Cast][];
  conflict: string[];
}

const bucketColumns = Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => `l${b}`);
/** The measures after the dimensions, in the order of the JSON arrays: counts are bigint, latencies real. */
const MEASURE_COLUMNS = ['request_count', 'billable_count', 'latency_sum_ms', 'latency_max_ms', ...bucketColumns];

function value(index: number, cast: Cast | 'bigint' | 'real'): string {
  if (cast === 'text') return `r->>${index}`;
  // Epoch milliseconds, as `new Date(ms)` stored them.
  if (cast === 'timestamptz') return `timestamptz 'epoch' + (r->>${index})::bigint * interval '1 millisecond'`;
  return `(r->>${index})::${cast}`;
}

function upsertText({ table, dimensions, conflict }: UsageTable): [head: string, tail: string] {
  const columns = ['id', ...dimensions.map(([column]) => column), ...MEASURE_COLUMNS];
  const values = [
    value(0, 'text'),
    ...dimensions.map(([, cast], i) => value(i + 1, cast)),
    ...MEASURE_COLUMNS.map((column, j) => value(1 + dimensions.length + j, column.startsWith('latency_') ? 'real' : 'bigint')),
  ];
  const set = MEASURE_COLUMNS.map((column) =>
    column === 'latency_max_ms' ? `${column} = greatest(${table}.${column}, excluded.${column})` : `${column} = ${table}.${column} + excluded.${column}`,
  );
  return [
    `insert into ${table} (${columns.join(', ')}) select ${values.join(', ')} from json_array_elements(`,
    `::json) as r on conflict (${conflict.join(', ')}) do update set ${set.join(', ')}`,
  ];
}

function statement(table: UsageTable): (rows: unknown[][]) => SQL {
  const [head, tail] = upsertText(table);
  return (rows) => sql`${sql.raw(head)}${JSON.stringify(rows)}${sql.raw(tail)}`;
}

/** Rows: [id, api key, partner… (the dimensions), …measures]; one statement per table, whatever the number of rows. */
export const upsertUsageLogs = statement({
  table: 'usage_logs',
  dimensions: [
    ['partner_id', 'text'],
    ['api_key_id', 'text'],
    ['endpoint', 'text'],
    ['method', 'text'],
    ['status_code', 'integer'],
    ['occurred_at', 'timestamptz'],
  ],
  conflict: ['api_key_id', 'endpoint', 'method', 'status_code', 'occurred_at'],
});

export const upsertUsageHourly = statement({
  table: 'usage_hourly',
  dimensions: [
    ['partner_id', 'text'],
    ['hour', 'timestamptz'],
    ['status_class', 'text'],
  ],
  conflict: ['partner_id', 'hour', 'status_class'],
});

export const upsertUsageDailyKeys = statement({
  table: 'usage_daily_keys',
  dimensions: [
    ['api_key_id', 'text'],
    ['partner_id', 'text'],
    ['day', 'timestamptz'],
    ['status_class', 'text'],
  ],
  conflict: ['api_key_id', 'day', 'status_class'],
});

export const upsertUsageDailyEndpoints = statement({
  table: 'usage_daily_endpoints',
  dimensions: [
    ['partner_id', 'text'],
    ['endpoint', 'text'],
    ['method', 'text'],
    ['day', 'timestamptz'],
    ['status_class', 'text'],
  ],
  conflict: ['partner_id', 'endpoint', 'method', 'day', 'status_class'],
});
