/**
 * The /api/v1 guard in-process, without HTTP or Next.js, on a real database: what `defineApiRoute` adds
 * to a cache-hit `GET /api/v1/me` over building the same JSON response, in CPU time of this process
 * (background work included: the metering flush, last-used and quota writes run in the same process, as
 * in a server). A companion to `npm run bench:guard` for finding where the guard's CPU goes, steadier on
 * a busy machine because it counts CPU time, not throughput; not a target of its own. Then the Postgres
 * quota store's hot path alone (a lease far from the limit: no I/O but one claim per 1,000 decisions).
 *
 *   npx tsx --conditions=react-server --tsconfig tsconfig.json bench/guard-micro.ts [requests=100000]
 *   BENCH_DATABASE_URL / TEST_DATABASE_URL: the Postgres server (a fresh database is made and dropped)
 *   --cpu-prof (node flag, via NODE_OPTIONS) to see the functions
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { closeDatabase, installDatabase } from '@/db';
import { partners } from '@/db/schema';
import { withTransaction } from '@/db/with-transaction';
import { systemActor } from '@/lib/auth/actor';
import { keyCapability } from '@/lib/auth/policy';
import { defineApiRoute } from '@/lib/api/define-api-route';
import { meBody, meRoute } from '@/lib/api/routes/me';
import { peekKeyByHash } from '@/lib/keys/key-cache';
import { hashApiKey } from '@/lib/keys/key-format';
import { createApiKey } from '@/lib/keys/manage-keys';
import { flushMetering } from '@/lib/usage/metering-buffer';
import { PostgresQuotaStore } from '@/lib/usage/quota-postgres-store';
import { monthOf } from '@/lib/usage/quota-store';
import type { Queryable } from '@/db';
import { createFreshDatabase } from '../scripts/lib/test-server';
import { benchDatabaseUrl } from './lib/harness';

const requests = Number(process.argv[2] ?? 100_000);
// Garbage-collection pauses, summed: what a request allocates (and keeps alive until the flush) costs here.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/**
 * The Postgres quota store deciding `n` requests of one key far from its limits, one after another: CPU and
 * wall per decision including the lease claims (one per 1,000), then a lease hit alone (until the next claim).
 */
async function quotaHotPath(database: Queryable, organizationId: string, n: number): Promise<string> {
  const store = new PostgresQuotaStore(() => database);
  const request = { keyId: 'key_bench_quota', keyLimit: 1_000_000_000, organizationId, organizationLimit: 1_000_000_000, month: monthOf(Date.now()) };
  await store.consume(request); // the first claims the leases
  let sync = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const decision = store.consume(request);
    if (decision instanceof Promise) await decision;
    else sync++;
  }
  const wallNs = ((performance.now() - started) * 1e6) / n;
  const used = process.cpuUsage(cpu);
  const cpuNs = ((used.user + used.system) * 1e3) / n;
  const hitStarted = performance.now();
  let hits = 0;
  while (hits < 900 && !(store.consume(request) instanceof Promise)) hits++;
  const hitNs = ((performance.now() - hitStarted) * 1e6) / Math.max(1, hits);
  await store.returnIdle({ all: true });
  return `quota store hot path: ${n} decisions, ${sync} without I/O; ${cpuNs.toFixed(0)} ns CPU and ${wallNs.toFixed(0)} ns wall each including the claims, ${hitNs.toFixed(0)} ns for a lease hit alone`;
}

async function main() {
  const database = await createFreshDatabase('pp_bench_micro', benchDatabaseUrl());
  const handle = database.connect()!;
  installDatabase(handle);
  try {
    const [acme] = await handle.db.select({ id: partners.id }).from(partners).where(eq(partners.slug, 'acme'));
    await handle.db.update(partners).set({ keyRateLimitPerMinute: 1_000_000_000, monthlyQuota: 2_000_000_000 }).where(eq(partners.id, acme!.id));
    const { secret } = await withTransaction(handle.db, (tx) =>
      createApiKey(
        tx,
        acme!.id,
        { name: 'bench micro', environment: 'test', scopes: [], rateLimitPerMinute: 100_000_000, monthlyQuota: 2_000_000_000, ipAllowlist: [] },
        {},
        keyCapability(systemActor('bench'))!,
      ),
    );
    const url = 'http://127.0.0.1:3000/api/v1/me';
    const headerInit = {
      host: '127.0.0.1:3000',
      connection: 'keep-alive',
      authorization: `Bearer ${secret}`,
      'user-agent': 'autocannon',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    };
    const guarded = defineApiRoute(meRoute);
    const context = { params: Promise.resolve({}) };
    const first = await guarded(new Request(url, { headers: headerInit }), context);
    if (first.status !== 200) throw new Error(`the guarded handler answered ${first.status}: ${await first.text()}`);
    const record = peekKeyByHash(hashApiKey(secret))!;

    const variants = {
      baseline: async () => {
        new Request(url, { headers: headerInit });
        await Response.json(meBody(record)).text();
      },
      guarded: async () => {
        await (await guarded(new Request(url, { headers: headerInit }), context)).text();
      },
    };
    // 50 in flight, as the HTTP benchmark's connections; background timers get their turns in between.
    const measure = async (fn: () => Promise<void>, n: number) => {
      await flushMetering({ untilEmpty: true });
      const gcBefore = gcMs;
      const cpu = process.cpuUsage();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next++ < n) {
            await fn();
            if ((next & 255) === 0) await new Promise((r) => setImmediate(r));
          }
        }),
      );
      await flushMetering({ untilEmpty: true });
      const used = process.cpuUsage(cpu);
      await new Promise((r) => setImmediate(r)); // the observer's entries of this run
      return { cpuUs: (used.user + used.system) / n, wallUs: ((performance.now() - started) * 1000) / n, gcUs: ((gcMs - gcBefore) * 1000) / n };
    };
    for (const fn of Object.values(variants)) await measure(fn, Math.min(requests, 20_000));
    const rows: string[] = [];
    const results: Record<string, number[]> = { baseline: [], guarded: [] };
    for (let round = 0; round < 3; round++) {
      for (const [name, fn] of Object.entries(variants)) {
        const r = await measure(fn, requests);
        results[name]!.push(r.cpuUs);
        rows.push(
          `${name.padEnd(9)} round ${round + 1}: ${r.cpuUs.toFixed(2).padStart(7)} µs CPU/request, ${r.wallUs.toFixed(2).padStart(7)} µs wall/request, ${r.gcUs.toFixed(2).padStart(6)} µs GC/request`,
        );
      }
    }
    console.log(rows.join('\n'));
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    console.log(`guard's own CPU (median guarded − median baseline): ${(med(results.guarded!) - med(results.baseline!)).toFixed(2)} µs per request`);
    console.log(await quotaHotPath(handle.db, acme!.id, 50_000));
  } finally {
    await closeDatabase();
    await database.drop();
  }
  process.exit(0);
}

void main();
