/**
 * The cluster test (npm run test:cluster; scripts/cluster-test.ts): two production instances on one
 * Postgres database and Redis behind nginx (deploy/nginx.conf). Each test names the mechanism it checks;
 * removing that mechanism makes it fail. The tests run in order on the same cluster.
 */
import fs from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alerts, apis, endpoints, jobRuns, requestLogs, usageLogs } from '@/db/schema';
import { PORTAL_API } from '@/lib/catalog/portal-api';
import { ALERT_PERIOD_MS, bearer, log, sleep, startCluster, type Cluster, type TestKey } from './support/cluster';

/** The channel of `announceCatalogChange` (lib/catalog/endpoint-lifecycle.ts): Postgres NOTIFY and Redis pub/sub. */
const CATALOG_CHANNEL = 'pp_catalog_invalidation';

let cluster: Cluster;
let automation: TestKey;
let revokeTargets: TestKey[];
let ipLocal: TestKey;
let ipOther: TestKey;
let alertKey: TestKey;
let rollingKey: TestKey;
let quotaKey: TestKey;
let quotaOrgId: string;
let quotaOrgKeys: TestKey[];
let usageReader: TestKey;
let limitedKey: TestKey;
let publisher: Redis;

beforeAll(async () => {
  cluster = await startCluster();
  const keys = await cluster.createKeys([
    { name: 'cluster automation', scopes: ['keys:write'] },
    { name: 'cluster ip local', ipAllowlist: ['127.0.0.1'] },
    { name: 'cluster ip other', ipAllowlist: ['203.0.113.7'] },
    { name: 'cluster alert spike' },
    { name: 'cluster rolling', scopes: ['keys:write'] },
    ...Array.from({ length: 3 }, (_, i) => ({ name: `cluster revoke ${i}` })),
    { name: 'cluster key quota', monthlyQuota: 100 },
    { name: 'cluster usage reader', scopes: ['usage:read'] },
    { name: 'cluster limited', rateLimitPerMinute: 60 },
  ]);
  const at = (i: number) => keys[i]!;
  [automation, ipLocal, ipOther, alertKey, rollingKey] = [at(0), at(1), at(2), at(3), at(4)];
  revokeTargets = keys.slice(5, 8);
  [quotaKey, usageReader, limitedKey] = [at(8), at(9), at(10)];
  // An organization of its own with a monthly quota of 100, made before any of its keys is used.
  quotaOrgId = await cluster.createOrganization({ monthlyQuota: 100, keyRateLimitPerMinute: 1_000_000_000 });
  quotaOrgKeys = await cluster.createKeys([0, 1].map((i) => ({ name: `cluster org quota ${i}`, partnerId: quotaOrgId })));
  publisher = new Redis(cluster.redis.url, { maxRetriesPerRequest: 2 });
  publisher.on('error', () => {}); // down on purpose in the last test
}, 240_000);

afterAll(async () => {
  publisher?.disconnect();
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

  // Observed failing (2 runs of 2, a 2-core machine at load 5-12): under the burst a Redis call of one
  // instance outlasts the limits' 500 ms command timeout (its event loop is saturated), that instance
  // marks Redis down and counts on the Postgres counter, seeded from the ledger, which does not have what
  // the other instance, still on Redis, admitted and has not flushed yet: 198 and 178 admitted of 100.
  // The logs' `[limits]` lines of the burst are in the assertion's message.
  test('quota 100 for a key and for an organization shared by two keys: exactly 100 of 1,000 concurrent requests over both instances (the shared quota counter in Redis, lib/usage/quota.ts)', async () => {
    const [a, b] = cluster.instances;
    const logLength = new Map<{ logFile: string }, number>();
    const burst = async (secrets: string[]) => {
      for (const instance of cluster.instances) logLength.set(instance, fs.readFileSync(instance.logFile, 'utf8').split('\n').length - 1);
      // Alternating the instances (directly, so that each gets exactly half) and the keys, all at once.
      const answers = await Promise.all(
        Array.from({ length: 1_000 }, async (_, i) => {
          const instance = i % 2 === 0 ? a : b;
          const answer = await get(`${instance.baseUrl}/api/v1/me`, secrets[Math.floor(i / 2) % secrets.length]!);
          const type = answer.status === 200 ? '' : (((await answer.json()) as { type?: string }).type ?? '');
          if (answer.status === 200) await answer.arrayBuffer();
          return { status: answer.status, type };
        }),
      );
      const admitted = answers.filter((x) => x.status === 200).length;
      // What the instances logged about Redis meanwhile (a timeout sends an instance to Postgres).
      const limitsLines = cluster.instances.flatMap((instance) => {
        const lines = fs
          .readFileSync(instance.logFile, 'utf8')
          .split('\n')
          .slice(logLength.get(instance) ?? 0);
        return lines.filter((line) => line.startsWith('[limits]')).map((line) => `${instance.name}: ${line.slice(0, 100)}`);
      });
      const refused = answers.filter((x) => x.status === 429 && x.type.endsWith('quota-exceeded')).length;
      return {
        counts: { admitted, refused },
        other: answers.filter((x) => x.status !== 200 && !(x.status === 429 && x.type.endsWith('quota-exceeded'))),
        limitsLines,
      };
    };
    const billable = async (column: typeof usageLogs.apiKeyId | typeof usageLogs.partnerId, id: string) => {
      const [row] = await cluster.handle.db
        .select({ n: sql<string>`coalesce(sum(${usageLogs.billableCount}), 0)` })
        .from(usageLogs)
        .where(eq(column, id));
      return Number(row?.n ?? 0);
    };

    // Each instance has the keys cached first (a request refused for its scope, before any limit or
    // quota is consumed), as in a cluster that has been serving them: the burst measures the counting.
    for (const instance of [a, b]) {
      for (const key of [quotaKey, ...quotaOrgKeys]) expect((await get(`${instance.baseUrl}/api/v1/usage`, key.secret)).status).toBe(403);
    }

    const byKey = await burst([quotaKey.secret]);
    log(`key quota 100: ${byKey.counts.admitted} admitted, ${byKey.counts.refused} refused (quota-exceeded)`);
    expect(byKey.other.slice(0, 5)).toEqual([]);
    expect(byKey.counts, byKey.limitsLines.join('; ')).toEqual({ admitted: 100, refused: 900 });

    const byOrganization = await burst(quotaOrgKeys.map((k) => k.secret));
    log(`organization quota 100 over two keys: ${byOrganization.counts.admitted} admitted, ${byOrganization.counts.refused} refused (quota-exceeded)`);
    expect(byOrganization.other.slice(0, 5)).toEqual([]);
    expect(byOrganization.counts, byOrganization.limitsLines.join('; ')).toEqual({ admitted: 100, refused: 900 });

    // The ledger agrees once both instances have flushed.
    const deadline = Date.now() + 10_000;
    while ((await billable(usageLogs.partnerId, quotaOrgId)) < 100 && Date.now() < deadline) await sleep(250);
    expect(await billable(usageLogs.apiKeyId, quotaKey.id)).toBe(100);
    expect(await billable(usageLogs.partnerId, quotaOrgId)).toBe(100);
  }, 60_000);

  test('a request served by A appears on a live stream connected to B within 1 s (cross-instance live usage fan-out, lib/usage/live-relay.ts)', async () => {
    const [a, b] = cluster.instances;
    // alice is a partner admin of acme (the seeded demo data): her stream is acme's traffic.
    const cookie = await signIn(b.baseUrl, 'alice@acme.test', 'portal-demo-password');
    const controller = new AbortController();
    const stream = await fetch(`${b.baseUrl}/api/usage/live`, { headers: { cookie }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(stream.body!);
    try {
      const snapshot = await events.next((e) => e.event === 'snapshot', 10_000);
      expect((snapshot?.data as { reach?: string }).reach).toBe('cluster');
      for (let i = 0; i < 3; i++) {
        const answer = await get(`${a.baseUrl}/api/v1/me`, automation.secret);
        expect(answer.status).toBe(200);
        const requestId = answer.headers.get('x-request-id')!;
        const servedAt = Date.now();
        const seen = await events.next((e) => e.event === 'requests' && (e.data as LiveBatch).events.some((r) => r.requestId === requestId), 3_000);
        const took = Date.now() - servedAt;
        log(`a request served by A (${requestId}) reached the live stream on B after ${took} ms`);
        expect(seen, `request ${requestId} never reached the stream on B`).not.toBeNull();
        expect(took).toBeLessThanOrEqual(1_000);
      }
    } finally {
      controller.abort();
      await events.cancel();
    }
  }, 60_000);

  test('a GraphQL requestLogged subscription on B gets a request served by A within 1 s (GraphQL over SSE on the same live relay)', async () => {
    const [a, b] = cluster.instances;
    const controller = new AbortController();
    const stream = await fetch(`${b.baseUrl}/api/v1/graphql`, {
      method: 'POST',
      headers: { ...bearer(usageReader.secret), 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription Live { requestLogged { requestId statusCode } }' }),
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(stream.body!);
    type Next = { data?: { requestLogged?: { requestId: string } } };
    try {
      await sleep(500); // the subscription reaches the relay
      for (let i = 0; i < 3; i++) {
        const answer = await get(`${a.baseUrl}/api/v1/me`, usageReader.secret);
        expect(answer.status).toBe(200);
        const requestId = answer.headers.get('x-request-id')!;
        const servedAt = Date.now();
        const seen = await events.next((e) => e.event === 'next' && (e.data as Next).data?.requestLogged?.requestId === requestId, 3_000);
        const took = Date.now() - servedAt;
        log(`a request served by A (${requestId}) reached the GraphQL subscription on B after ${took} ms`);
        expect(seen, `request ${requestId} never reached the subscription on B`).not.toBeNull();
        expect(took).toBeLessThanOrEqual(1_000);
      }
    } finally {
      controller.abort();
      await events.cancel();
    }
  }, 60_000);

  test("a catalog deprecation made on A is in B's Deprecation header within 1 s (catalog invalidation across instances, lib/catalog/endpoint-lifecycle.ts)", async () => {
    const [a, b] = cluster.instances;
    const [usage] = await cluster.handle.db
      .select({ id: endpoints.id, apiId: endpoints.apiId })
      .from(endpoints)
      .innerJoin(apis, eq(apis.id, endpoints.apiId))
      .where(and(eq(apis.slug, PORTAL_API.slug), eq(apis.version, PORTAL_API.version), eq(endpoints.method, 'GET'), eq(endpoints.path, '/usage')));
    expect(usage, 'the catalog has no GET /usage row').toBeDefined();
    const deprecationOn = async (instance: { baseUrl: string }) => {
      const answer = await get(`${instance.baseUrl}/api/v1/usage`, usageReader.secret);
      await answer.arrayBuffer();
      expect(answer.status).toBe(200);
      return answer.headers.get('deprecation');
    };
    // Both instances have loaded the lifecycles: the endpoint is active.
    expect(await deprecationOn(a)).toBeNull();
    expect(await deprecationOn(b)).toBeNull();

    // The change as A's portal action (updateEndpoint, lib/catalog/manage-catalog.ts) makes it: the row
    // and `pg_notify` in one transaction, then, after the commit, a publish on the Redis channel of the
    // same name (lib/cache/invalidation-bus.ts). Done here through SQL and Redis rather than by posting
    // the server action over HTTP (its id is build-specific); the instances cannot tell the difference.
    const setStatus = async (status: 'deprecated' | 'active') => {
      const payload = JSON.stringify({ apiId: usage!.apiId });
      await cluster.handle.db.transaction(async (tx) => {
        await tx
          .update(endpoints)
          .set({ status, deprecatedAt: status === 'active' ? null : new Date() })
          .where(eq(endpoints.id, usage!.id));
        await tx.execute(sql`select pg_notify(${CATALOG_CHANNEL}, ${payload})`);
      });
      await publisher.publish(CATALOG_CHANNEL, payload);
      return Date.now();
    };
    const until = async (instance: { baseUrl: string }, wanted: (header: string | null) => boolean, since: number) => {
      let header = await deprecationOn(instance);
      while (!wanted(header) && Date.now() - since < 3_000) {
        await sleep(20);
        header = await deprecationOn(instance);
      }
      return { header, took: Date.now() - since };
    };

    try {
      const deprecatedAt = await setStatus('deprecated');
      const onB = await until(b, (h) => h !== null, deprecatedAt);
      log(`deprecation made on A in B's Deprecation header after ${onB.took} ms (${onB.header})`);
      expect(onB.header).toMatch(/^@\d+$/);
      expect(onB.took).toBeLessThanOrEqual(1_000);
      expect(await deprecationOn(a)).toBe(onB.header);
    } finally {
      // Undone the same way: B drops the header again.
      const activeAt = await setStatus('active');
      const back = await until(b, (h) => h === null, activeAt);
      log(`deprecation undone: B's header gone after ${back.took} ms`);
      expect(back.header).toBeNull();
    }
  }, 60_000);

  test("Redis stopped for 10 s under load: no request above a key's limit admitted, usage exact, back to shared counters (the rate limiter's Redis fallback, lib/api/rate-limit/cluster-rate-limiter.ts)", async (context) => {
    if (!cluster.redis.dedicated) {
      log('skipped: the cluster runs on the shared Redis (no redis-server installed), which may not be stopped');
      return context.skip();
    }
    const health = async (instance: { baseUrl: string }) =>
      (await (await fetch(`${instance.baseUrl}/api/health`)).json()) as { limits: string; instances: number };
    for (const instance of cluster.instances) expect(await health(instance)).toMatchObject({ limits: 'shared', instances: 2 });

    // The whole run (about 17 s) inside one minute of the sliding window (Redis's clock is this machine's):
    // the key starts with no count, so its limit bounds every request admitted until Redis is back.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 30_000) await sleep(60_000 - intoMinute + 200);
    const windowStart = Math.floor(Date.now() / 60_000);

    const answers: { sentAt: number; status: string }[] = [];
    const failures: string[] = [];
    let running = true;
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    // 10 requests a second through nginx (both instances): 60 a minute is passed within 6 s.
    const load = (async () => {
      const started = Date.now();
      while (running) {
        sent++;
        const sentAt = Date.now();
        const p = (async () => {
          try {
            const answer = await fetch(`${cluster.url}/api/v1/me`, { headers: bearer(limitedKey.secret), signal: AbortSignal.timeout(30_000) });
            const body = await answer.text();
            answers.push({ sentAt, status: String(answer.status) });
            if (answer.status === 429 && !body.includes('rate-limited')) failures.push(`429 not rate-limited: ${body.slice(0, 160)}`);
            else if (answer.status !== 200 && answer.status !== 429) failures.push(`${answer.status}: ${body.slice(0, 160)}`);
          } catch (error) {
            answers.push({ sentAt, status: 'error' });
            failures.push(`no answer: ${(error as Error).message}`);
          }
        })();
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        const wait = started + sent * 100 - Date.now();
        if (wait > 0) await sleep(wait);
      }
    })();

    let backAt = 0;
    let degraded: { limits: string }[] = [];
    try {
      await sleep(2_000);
      await cluster.redis.kill();
      log('redis: killed');
      await sleep(5_000);
      degraded = await Promise.all(cluster.instances.map(health));
      await sleep(5_000);
    } finally {
      await cluster.redis.start();
      backAt = Date.now();
      log('redis: started again');
    }
    // Both instances go back to the shared counters (the connection's `ready`, or the 2 s probe).
    const shared = async () => (await Promise.all(cluster.instances.map(health))).every((h) => h.limits === 'shared');
    while (!(await shared()) && Date.now() - backAt < 10_000) await sleep(200);
    log(`redis back: both instances on the shared counters after ${Date.now() - backAt} ms`);
    await sleep(2_000);
    running = false;
    await load;
    await Promise.all([...inFlight]);

    const counts = new Map<string, number>();
    for (const x of answers) counts.set(x.status, (counts.get(x.status) ?? 0) + 1);
    const beforeBack = answers.filter((x) => x.sentAt < backAt);
    const admittedBeforeBack = beforeBack.filter((x) => x.status === '200').length;
    log(
      `redis outage: ${sent} requests ${JSON.stringify(Object.fromEntries(counts))}; until Redis was back ${beforeBack.length} sent, ${admittedBeforeBack} admitted (limit 60/min)`,
    );
    expect(degraded).toEqual([expect.objectContaining({ limits: 'degraded' }), expect.objectContaining({ limits: 'degraded' })]);
    expect(Math.floor(backAt / 60_000), 'the run left the minute it started in').toBe(windowStart);
    expect(failures.slice(0, 10)).toEqual([]);
    // The limit binds (more were asked for than it allows), and holds while Redis was away.
    expect(beforeBack.length).toBeGreaterThan(100);
    expect(admittedBeforeBack).toBeLessThanOrEqual(60);
    expect(admittedBeforeBack).toBeGreaterThan(0);
    expect(await shared()).toBe(true);

    const stored = async () => {
      const rows = await cluster.handle.db
        .select({ status: usageLogs.statusCode, n: sql<string>`sum(${usageLogs.requestCount})` })
        .from(usageLogs)
        .where(eq(usageLogs.apiKeyId, limitedKey.id))
        .groupBy(usageLogs.statusCode);
      return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]).sort());
    };
    const expected = Object.fromEntries([...counts].sort());
    const deadline = Date.now() + 15_000;
    let got = await stored();
    while (JSON.stringify(got) !== JSON.stringify(expected) && Date.now() < deadline) {
      await sleep(500);
      got = await stored();
    }
    expect(got).toEqual(expected);
  }, 120_000);
});

interface LiveBatch {
  events: { requestId: string }[];
}

/** Signs in through Auth.js's credentials endpoint, as the sign-in form does; returns the Cookie header. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (answer: Response) => {
    for (const line of answer.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const answer = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseUrl}/` }),
  });
  keep(answer);
  const location = answer.headers.get('location') ?? '';
  if (answer.status !== 302 || location.includes('error=') || ![...jar.keys()].some((name) => name.includes('session-token'))) {
    throw new Error(`could not sign in as ${email}: ${answer.status} ${location}`);
  }
  return cookie();
}

/** Server-sent events of a response body, parsed as they arrive. */
function sseEvents(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const queue: { event: string; data: unknown }[] = [];
  const parse = () => {
    let end: number;
    while ((end = text.indexOf('\n\n')) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) queue.push({ event, data: JSON.parse(data.join('\n')) });
    }
  };
  return {
    /** The first event (from now on) that matches, or null after `ms`. */
    async next(match: (e: { event: string; data: unknown }) => boolean, ms: number) {
      const deadline = Date.now() + ms;
      for (;;) {
        while (queue.length) {
          const e = queue.shift()!;
          if (match(e)) return e;
        }
        const left = deadline - Date.now();
        if (left <= 0) return null;
        const chunk = await Promise.race([reader.read(), sleep(left).then(() => null)]);
        if (chunk === null) continue;
        if (chunk.done) return null;
        text += decoder.decode(chunk.value, { stream: true });
        parse();
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}
