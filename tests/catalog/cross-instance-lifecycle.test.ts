import { and, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, getDatabase } from '@/db';
import { connectPostgres } from '@/db/connect';
import { apis, endpoints } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { createInvalidationListener, ensureInvalidationListener, stopInvalidationListener } from '@/lib/cache/invalidation-bus';
import { CATALOG_INVALIDATION_CHANNEL, endpointLifecycle, refreshEndpointLifecycles } from '@/lib/catalog/endpoint-lifecycle';
import { updateEndpointSpec } from '@/lib/catalog/manage-catalog';
import { endpointKey } from '@/lib/catalog/portal-api';
import { syncPortalCatalog } from '@/lib/catalog/sync-portal-catalog';
import { createCast, testMeta } from '../support/fixtures';

// Redis is part of the test machine (127.0.0.1:6379); REDIS_TEST_URL points elsewhere. Without it the Redis parts are skipped.
const redisUrl = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
const redisUp = await probe.connect().then(
  () => true,
  () => false,
);
afterAll(async () => {
  await stopInvalidationListener();
  await probe.quit().catch(() => probe.disconnect());
});

beforeAll(async () => {
  await syncPortalCatalog(db);
});

async function portalEndpoint(method: string, path: string) {
  const [row] = await db
    .select()
    .from(endpoints)
    .innerJoin(apis, eq(apis.id, endpoints.apiId))
    .where(and(eq(apis.slug, 'partner-portal'), eq(endpoints.method, method as 'GET'), eq(endpoints.path, path)));
  return row!.endpoints;
}

/** Polls this instance's cache (no query: what the guard reads) until the endpoint has `status`. */
async function cacheShows(key: string, status: string | undefined): Promise<number> {
  const started = Date.now();
  for (;;) {
    const found = await endpointLifecycle(key);
    if (found?.status === status || Date.now() - started > 1000) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a catalog change made by another instance', () => {
  it('reaches this instance’s lifecycle cache through NOTIFY within a second', async () => {
    await ensureInvalidationListener(); // what the runtime does when a server process starts
    const usage = await portalEndpoint('GET', '/usage');
    const key = endpointKey('GET', '/usage');
    await refreshEndpointLifecycles(db);
    expect(await endpointLifecycle(key)).toBeUndefined();

    // "Another instance": its own connection (Postgres), or the shared engine (PGlite); no local reload.
    const handle = getDatabase();
    const other = handle.url ? connectPostgres(handle.url, { max: 1 }) : null;
    const otherDb = other?.db ?? db;
    await otherDb.transaction(async (tx) => {
      await tx.update(endpoints).set({ status: 'deprecated', deprecatedAt: new Date() }).where(eq(endpoints.id, usage.id));
      await tx.execute(sql`select pg_notify(${CATALOG_INVALIDATION_CHANNEL}, ${JSON.stringify({ apiId: usage.apiId })})`);
    });
    await other?.close();

    const took = await cacheShows(key, 'deprecated');
    expect((await endpointLifecycle(key))?.status).toBe('deprecated');
    expect(took).toBeLessThan(1000);

    await db.update(endpoints).set({ status: 'active', deprecatedAt: null }).where(eq(endpoints.id, usage.id));
    await refreshEndpointLifecycles(db);
  });

  it.skipIf(!redisUp)('reaches it through Redis within a second, and a committed change is published there', async () => {
    const cast = await createCast();
    const usage = await portalEndpoint('GET', '/usage');
    const key = endpointKey('GET', '/usage');
    await refreshEndpointLifecycles(db);

    // This instance listening through Redis (as with REDIS_URL set).
    const listener = createInvalidationListener({ redisUrl });
    await listener.start();
    try {
      expect(listener.transport).toBe('redis');
      // Another instance commits a deprecation and publishes it (no NOTIFY: only Redis can carry it here).
      await db.update(endpoints).set({ status: 'deprecated', deprecatedAt: new Date() }).where(eq(endpoints.id, usage.id));
      await probe.publish(CATALOG_INVALIDATION_CHANNEL, JSON.stringify({ apiId: usage.apiId }));
      const took = await cacheShows(key, 'deprecated');
      expect((await endpointLifecycle(key))?.status).toBe('deprecated');
      expect(took).toBeLessThan(1000);
    } finally {
      await listener.stop();
    }

    // The other direction: a catalog action committed here is published on Redis for the others.
    const heard: string[] = [];
    const other = new Redis(redisUrl);
    other.on('message', (_channel: string, payload: string) => heard.push(payload));
    await other.subscribe(CATALOG_INVALIDATION_CHANNEL);
    const before = process.env.REDIS_URL;
    process.env.REDIS_URL = redisUrl;
    try {
      const result = await executeAction(
        updateEndpointSpec,
        { endpointId: usage.id, method: 'GET', path: '/usage', requiredScope: usage.requiredScope ?? '', status: 'active', sunsetAt: '', description: '' },
        { actor: cast.admin, meta: testMeta },
      );
      expect(result.result).toMatchObject({ ok: true });
      const started = Date.now();
      while (!heard.length && Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 10));
      expect(heard.map((p) => JSON.parse(p) as unknown)).toEqual([{ apiId: usage.apiId }]);
      // And this instance dropped it at once, after the commit.
      expect(await cacheShows(key, undefined)).toBeLessThan(1000);
    } finally {
      if (before === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = before;
      await other.quit();
    }
  });
});
