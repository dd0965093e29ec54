/**
 * The cluster test (npm run test:cluster; scripts/cluster-test.ts): two production instances on one
 * Postgres database and Redis behind nginx (deploy/nginx.conf). Each test names the mechanism it checks;
 * removing that mechanism makes it fail. The tests run in order on the same cluster.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alerts, jobRuns, requestLogs, usageLogs } from '@/db/schema';
import { ALERT_PERIOD_MS, bearer, log, sleep, startCluster, type Cluster, type TestKey } from './support/cluster';

/** Tests whose mechanism another engineer is building now: run with CLUSTER_PENDING=1 once it has landed. */
const pending = process.env.CLUSTER_PENDING === '1';

let cluster: Cluster;
let automation: TestKey;
let revokeTargets: TestKey[];
let ipLocal: TestKey;
let ipOther: TestKey;
let alertKey: TestKey;
let rollingKey: TestKey;

beforeAll(async () => {
  cluster = await startCluster();
  const keys = await cluster.createKeys([
    { name: 'cluster automation', scopes: ['keys:write'] },
    { name: 'cluster ip local', ipAllowlist: ['127.0.0.1'] },
    { name: 'cluster ip other', ipAllowlist: ['203.0.113.7'] },
    { name: 'cluster alert spike' },
    { name: 'cluster rolling', scopes: ['keys:write'] },
    ...Array.from({ length: 3 }, (_, i) => ({ name: `cluster revoke ${i}` })),
  ]);
  const at = (i: number) => keys[i]!;
  [automation, ipLocal, ipOther, alertKey, rollingKey] = [at(0), at(1), at(2), at(3), at(4)];
  revokeTargets = keys.slice(5);
}, 240_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const get = (url: string, secret: string, headers: Record<string, string> = {}) => fetch(url, { headers: bearer(secret, headers) });

describe('cluster: two instances behind nginx, one Postgres, Redis', () => {
  test('readiness: each instance is ready (database, migrations, runtime); liveness unchanged', async () => {
    for (const instance of cluster.instances) {
      const ready = await fetch(`${instance.baseUrl}/api/health/ready`);
      const body = (await ready.json()) as { ready: boolean; failed: string[]; migrations: { ok: boolean; pending: string[] }; runtime: { status: string } };
      expect(ready.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ ready: true, failed: [], migrations: { ok: true, pending: [] }, runtime: { status: 'started' } });
      expect((await fetch(`${instance.baseUrl}/api/health`)).status).toBe(200);
    }
  });

  test('a key revoked on A is refused by B within 1 s (Redis pub/sub invalidation)', async () => {
    const [a, b] = cluster.instances;
    for (const target of revokeTargets) {
      // B has the key cached.
      expect((await get(`${b.baseUrl}/api/v1/me`, target.secret)).status).toBe(200);
      expect((await get(`${b.baseUrl}/api/v1/me`, target.secret)).status).toBe(200);
      const del = await fetch(`${a.baseUrl}/api/v1/keys/${target.id}`, { method: 'DELETE', headers: bearer(automation.secret) });
      expect(del.status, await del.clone().text()).toBe(200);
      const revokedAt = Date.now();
      let status = 200;
      while (Date.now() - revokedAt < 3_000) {
        status = (await get(`${b.baseUrl}/api/v1/me`, target.secret)).status;
        if (status !== 200) break;
        await sleep(5);
      }
      const took = Date.now() - revokedAt;
      log(`revocation on A refused by B after ${took} ms`);
      expect(status).toBe(401);
      expect(took).toBeLessThanOrEqual(1_000);
    }
  });

  test('the client IP the guard sees through nginx is the real client (IP allowlist; X-Forwarded-For cannot be spoofed)', async () => {
    // Several requests each, so that both instances answer (round-robin).
    for (let i = 0; i < 4; i++) {
      const local = await get(`${cluster.url}/api/v1/me`, ipLocal.secret);
      expect(local.status, await local.clone().text()).toBe(200);
      const other = await get(`${cluster.url}/api/v1/me`, ipOther.secret);
      expect(other.status).toBe(403);
      expect(((await other.json()) as { type?: string }).type ?? '').toContain('ip-not-allowed');
      // A client claiming the allowed address is still 127.0.0.1 to the guard…
      const spoofed = await get(`${cluster.url}/api/v1/me`, ipOther.secret, { 'x-forwarded-for': '203.0.113.7' });
      expect(spoofed.status).toBe(403);
      // …and claiming another address does not lock the real client out.
      const claimed = await get(`${cluster.url}/api/v1/me`, ipLocal.secret, { 'x-forwarded-for': '203.0.113.7' });
      expect(claimed.status).toBe(200);
    }
    await sleep(2_500); // a metering flush on both instances
    const ips = await cluster.handle.db.selectDistinct({ ip: requestLogs.ip }).from(requestLogs).where(eq(requestLogs.apiKeyId, ipLocal.id));
    expect(ips.map((r) => r.ip)).toEqual(['127.0.0.1']);
  });

  test('a traffic spike is alerted once and its webhook delivered once, with both instances running for two alert periods', async () => {
    // 150 requests in a burst through nginx (both instances): the key's traffic-spike rule holds.
    const answers = await Promise.all(Array.from({ length: 150 }, () => get(`${cluster.url}/api/v1/me`, alertKey.secret).then((r) => r.status)));
    expect(answers.every((s) => s === 200)).toBe(true);
    const since = new Date();
    const raised = async () =>
      cluster.handle.db
        .select()
        .from(alerts)
        .where(and(eq(alerts.apiKeyId, alertKey.id), eq(alerts.kind, 'traffic_spike')));
    const deadline = Date.now() + 30_000;
    while ((await raised()).length === 0 && Date.now() < deadline) await sleep(250);
    expect(await raised()).toHaveLength(1);
    // Two more evaluation periods with the condition still holding.
    await sleep(2 * ALERT_PERIOD_MS + 1_000);
    const rows = await raised();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.resolvedAt).toBeNull();
    const delivered = cluster.deliveries.filter((d) => d.body.apiKeyId === alertKey.id && d.body.kind === 'traffic_spike');
    expect(delivered.map((d) => d.body.id)).toEqual([rows[0]!.id]);
    // The evaluation ran in each of those periods, claimed by one instance per period.
    const runs = await cluster.handle.db
      .select({ period: jobRuns.period, instance: jobRuns.instance })
      .from(jobRuns)
      .where(and(eq(jobRuns.name, 'alerts.evaluate'), sql`${jobRuns.period} >= ${since.toISOString()}::timestamptz`));
    log(`alerts.evaluate periods since the spike: ${runs.length}, claimed by ${new Set(runs.map((r) => r.instance)).size} instance(s)`);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.period.getTime())).size).toBe(runs.length);
  }, 90_000);

  test('rolling restart under steady load: every request answered, usage_logs equal to the client counts', async () => {
    const [a, b] = cluster.instances;
    const counts = new Map<string, number>();
    const bump = (status: string) => counts.set(status, (counts.get(status) ?? 0) + 1);
    const failures: string[] = [];
    let running = true;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    // 20 requests a second through nginx, alternating a 200 (GET /me) and a 400 (a page size over the limit).
    const load = (async () => {
      const started = Date.now();
      while (running) {
        const path = sent % 2 === 0 ? '/api/v1/me' : '/api/v1/keys?pageSize=1000';
        sent++;
        const p = (async () => {
          try {
            const answer = await fetch(`${cluster.url}${path}`, { headers: bearer(rollingKey.secret), signal: AbortSignal.timeout(30_000) });
            const type = answer.headers.get('content-type') ?? '';
            const body = await answer.text();
            bump(String(answer.status));
            if (answer.status >= 300 && !type.includes('application/problem+json')) failures.push(`${answer.status} ${type}: ${body.slice(0, 120)}`);
          } catch (error) {
            bump('error');
            failures.push(`no answer: ${(error as Error).message}`);
          }
        })();
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        const wait = started + sent * 50 - Date.now();
        if (wait > 0) await sleep(wait);
      }
    })();

    await sleep(2_000);
    for (const instance of [a, b]) {
      log(`rolling: SIGTERM ${instance.name}`);
      await cluster.stopInstance(instance);
      log(`rolling: ${instance.name} exited (code ${instance.server?.process.exitCode}); starting it again`);
      expect(instance.server?.process.exitCode).toBe(0);
      await cluster.startInstance(instance);
      log(`rolling: ${instance.name} ready again`);
      await sleep(2_000);
    }
    running = false;
    await load;
    await Promise.all([...inFlight]);
    log(`rolling: ${sent} requests: ${JSON.stringify(Object.fromEntries(counts))}`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual(['200', '400']);

    const stored = async () => {
      const rows = await cluster.handle.db
        .select({ status: usageLogs.statusCode, n: sql<string>`sum(${usageLogs.requestCount})` })
        .from(usageLogs)
        .where(eq(usageLogs.apiKeyId, rollingKey.id))
        .groupBy(usageLogs.statusCode);
      return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
    };
    const expected = Object.fromEntries(counts);
    const deadline = Date.now() + 15_000;
    let got = await stored();
    while (JSON.stringify(got) !== JSON.stringify(expected) && Date.now() < deadline) {
      await sleep(500);
      got = await stored();
    }
    expect(got).toEqual(expected);
  }, 180_000);

  // Placeholders: the mechanisms are being built by other engineers right now (issue 13). Each runs with
  // CLUSTER_PENDING=1; they are expected to pass once that work has landed.
  test.skipIf(!pending)(
    'quota 100 for a key and for an organization shared by two keys: exactly 100 of 1,000 concurrent requests over both instances (pending: the shared quota counter in Redis, lib/usage/quota.ts)',
    async () => {
      throw new Error('not written yet: needs the shared quota counter (lib/usage/quota.ts)');
    },
  );

  test.skipIf(!pending)(
    'a request served by A appears on a live stream connected to B within 1 s (pending: cross-instance live usage fan-out, lib/usage/live.ts)',
    async () => {
      throw new Error('not written yet: needs the cross-instance live stream (lib/usage/live.ts)');
    },
  );

  test.skipIf(!pending)(
    "a catalog deprecation made on A is in B's Deprecation header within 1 s (pending: catalog invalidation across instances, lib/catalog/**)",
    async () => {
      throw new Error('not written yet: needs the catalog invalidation across instances (lib/catalog)');
    },
  );

  test.skipIf(!pending)(
    "Redis stopped for 10 s under load: no request above a key's limit admitted, usage exact, back to shared counters (pending: the rate limiter's Redis fallback, lib/api/rate-limit/**)",
    async () => {
      throw new Error('not written yet: needs the rate limiter fallback when Redis is down (lib/api/rate-limit)');
    },
  );
});
