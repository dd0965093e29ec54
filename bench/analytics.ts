/**
 * npm run bench:analytics -- [--database-url URL] [--requests N --days D] [--range-days 30] [--runs 10] [--warmups 2] [--explain]
 *
 * Times the queries of the `/usage` page (lib/usage/analytics.ts) on a seeded database: each exported
 * query function separately and `usageDashboardData` as a whole, over the last 30 days, for the heavy
 * organization (as its partner admin) and for every organization (as a staff admin). 10 runs after 2
 * warm-ups each; median and p95. Targets: every query ≤ 100 ms median, the whole ≤ 250 ms median.
 * Without --database-url it creates a fresh database, seeds it (bench/lib/usage-seed.ts; 10 M requests
 * by default) and drops it at the end. --explain prints EXPLAIN ANALYZE of the slowest query's SQL.
 */
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { installDatabase, type Database } from '@/db';
import * as schema from '@/db/schema';
import { loadActor, type UserActor } from '@/lib/auth/actor';
import { tenantOf } from '@/lib/auth/tenant';
import { runBench, step, verdict } from './lib/harness';
import { fmt, median, percentile, table } from './lib/stats';
import { findSeeded, parseArgs, seedOptionsFrom, seedUsage } from './lib/usage-seed';

const args = parseArgs(process.argv.slice(2));
const databaseUrl = typeof args.get('database-url') === 'string' ? (args.get('database-url') as string) : undefined;
const RUNS = Number(args.get('runs') ?? 10);
const WARMUPS = Number(args.get('warmups') ?? 2);
const EXPLAIN = args.has('explain');
// The page's ranges: 30 (default), 7 or 1 (24 h, hour granularity); any positive number of days.
const RANGE_DAYS = Number(args.get('range-days') ?? 30);
const QUERY_TARGET_MS = 100;
const WHOLE_TARGET_MS = 250;

type AnyFn = (...a: unknown[]) => Promise<unknown>;
// The per-query functions of lib/usage/analytics.ts, in the page's order, timed when exported.
// `usageDashboardData` runs: usageSeries, topEndpoints, topKeys, quotaUse, usageTotals.
const QUERY_FUNCTIONS = ['usageSeries', 'requestsByStatusClass', 'errorRateSeries', 'latencySeries', 'topEndpoints', 'topKeys', 'quotaUse', 'usageTotals'];
const ON_PAGE = new Set(['usageSeries', 'topEndpoints', 'topKeys', 'quotaUse', 'usageTotals']);

interface Timing {
  scope: string;
  name: string;
  onPage: boolean;
  whole: boolean;
  times: number[];
  median: number;
  p95: number;
  target: number;
}

async function loadAnalytics(): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      return (await import('@/lib/usage/analytics')) as unknown as Record<string, unknown>;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`lib/usage/analytics.ts could not be loaded: ${(error as Error).message}`);
      step(`lib/usage/analytics.ts is not loadable yet (${(error as Error).message.split('\n')[0]}); retrying in 30 s`);
      await new Promise((r) => setTimeout(r, 30_000));
    }
  }
}

runBench('analytics', { timeoutSeconds: 60 * 60, noBuild: true, existingDatabaseUrl: databaseUrl }, async (ctx) => {
  const url = ctx.database.env.DATABASE_URL!;
  let seeded = await findSeeded(url);
  if (seeded) {
    step(
      `reusing the seeded data: ${seeded.requests.toLocaleString('en-US')} requests, ${seeded.usageRows.toLocaleString('en-US')} usage_logs rows, ${seeded.requestLogRows.toLocaleString('en-US')} request_logs rows`,
    );
  } else {
    const options = seedOptionsFrom(args);
    step(`seeding ${options.requests.toLocaleString('en-US')} requests over ${options.days} days …`);
    const fresh = await seedUsage(url, options, step);
    step(`seeded in ${fresh.seconds.toFixed(1)} s`);
    seeded = fresh;
  }
  const size = `${(seeded.databaseBytes / 2 ** 30).toFixed(2)} GiB`;
  step(
    `rollups: ${Object.entries(seeded.rollupRows)
      .map(([table, rows]) => `${table} ${rows.toLocaleString('en-US')}`)
      .join(', ')} rows; pg_database_size ${size}`,
  );
  const analytics = await loadAnalytics();
  const dashboard = analytics.usageDashboardData as AnyFn | undefined;
  if (typeof dashboard !== 'function') throw new Error('lib/usage/analytics.ts does not export usageDashboardData');
  const queries = QUERY_FUNCTIONS.filter((name) => typeof analytics[name] === 'function');
  step(`lib/usage/analytics.ts: usageDashboardData and ${queries.length} query functions (${queries.join(', ')})`);

  // A pool like the server's (the dashboard runs its queries in parallel); a second client records SQL for --explain.
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Database;
  // usageDashboardData takes a tenant and queries the process's database: make it this pool.
  installDatabase({
    db,
    driver: 'postgres',
    description: 'bench pool',
    close: async () => {},
    listen: () => Promise.reject(new Error('the analytics bench does not listen')),
  });
  const recorded: { sql: string; params: unknown[] }[] = [];
  const recordingDb = drizzle({
    client,
    schema,
    casing: 'snake_case',
    logger: { logQuery: (sql, params) => void recorded.push({ sql, params }) },
  }) as unknown as Database;
  try {
    const staff = await loadActor(db, seeded.staffAdminUserId);
    const partnerAdmin = await loadActor(db, seeded.partnerAdminUserId);
    if (!staff || !partnerAdmin) throw new Error('the seeded staff admin or partner admin could not be loaded');
    const now = new Date();
    const to = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
    const from = new Date(to.getTime() - RANGE_DAYS * 86_400_000);
    const range = {
      from,
      to,
      granularity: typeof analytics.granularityFor === 'function' ? (analytics.granularityFor as (a: Date, b: Date) => string)(from, to) : 'day',
    };
    step(`range: ${from.toISOString()} … ${to.toISOString()} (${range.granularity})`);

    const scopes: { label: string; actor: UserActor; scope: { partnerId: string | null } }[] = [
      { label: `org ${seeded.heavyOrg.slug} (partner_admin)`, actor: partnerAdmin, scope: { partnerId: seeded.heavyOrg.id } },
      { label: 'all orgs (staff admin)', actor: staff, scope: { partnerId: null } },
    ];
    const timings: Timing[] = [];
    for (const { label, actor, scope } of scopes) {
      const items: [string, AnyFn, boolean][] = [
        ...queries.map((name) => [name, analytics[name] as AnyFn, false] as [string, AnyFn, boolean]),
        ['usageDashboardData (whole)', dashboard, true],
      ];
      for (const [name, fn, whole] of items) {
        const times: number[] = [];
        for (let i = 0; i < WARMUPS + RUNS; i++) {
          const t = performance.now();
          // The whole dashboard takes the tenant (staff: all organizations); each query takes the db, the actor and a scope.
          await (whole ? fn(tenantOf(actor, scope.partnerId), {}, range) : fn(db, actor, scope, range));
          if (i >= WARMUPS) times.push(performance.now() - t);
        }
        const timing: Timing = {
          scope: label,
          name,
          onPage: ON_PAGE.has(name) || whole,
          whole,
          times,
          median: median(times),
          p95: percentile(times, 95),
          target: whole ? WHOLE_TARGET_MS : QUERY_TARGET_MS,
        };
        timings.push(timing);
        step(`${label} · ${name}: median ${fmt(timing.median)} ms, p95 ${fmt(timing.p95)} ms (${RUNS} runs)`);
      }
    }

    console.log('');
    console.log(
      `bench:analytics — ${seeded.requests.toLocaleString('en-US')} requests (rollups of every day; ${seeded.usageRows.toLocaleString('en-US')} usage_logs rows, ${seeded.requestLogRows.toLocaleString('en-US')} request_logs rows), database ${size}, last ${RANGE_DAYS} days, ${RUNS} runs after ${WARMUPS} warm-ups`,
    );
    console.log(`targets: each query of the page ≤ ${QUERY_TARGET_MS} ms median, usageDashboardData ≤ ${WHOLE_TARGET_MS} ms median`);
    const rows: (string | number)[][] = [['scope', 'query', 'median ms', 'p95 ms', 'target', '']];
    let ok = true;
    for (const t of timings) {
      const pass = t.median <= t.target;
      if (t.onPage) ok &&= pass;
      rows.push([
        t.scope,
        t.name + (t.onPage ? '' : ' (not on the page)'),
        fmt(t.median),
        fmt(t.p95),
        `≤ ${t.target}`,
        t.onPage ? verdict(pass) : pass ? '(pass)' : '(fail)',
      ]);
    }
    console.log(table(rows));
    console.log('');

    if (EXPLAIN) {
      const slowest = timings.filter((t) => !t.whole).sort((a, b) => b.median - a.median)[0];
      if (slowest) {
        const scope = scopes.find((s) => s.label === slowest.scope)!;
        recorded.length = 0;
        await (analytics[slowest.name] as AnyFn)(recordingDb, scope.actor, scope.scope, range);
        console.log(`EXPLAIN ANALYZE of the slowest query: ${slowest.name}, ${slowest.scope} (median ${fmt(slowest.median)} ms)`);
        for (const q of recorded) {
          console.log(`\n${q.sql}\n-- params: ${JSON.stringify(q.params)}`);
          const plan = await client.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as postgres.ParameterOrJSON<never>[]);
          for (const line of plan) console.log(String(Object.values(line)[0]));
        }
        console.log('');
      }
    }
    return ok;
  } finally {
    await client.end({ timeout: 5 });
  }
});
