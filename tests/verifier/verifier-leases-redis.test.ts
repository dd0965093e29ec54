import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { partners } from '@/db/schema';
import { installLimitsLink, RedisLink } from '@/lib/limits/redis-link';
import { monthOf } from '@/lib/usage/quota-store';
import { callApi } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { redisReachable, testRedisUrl } from '../support/redis-probe';

// Real Redis where one is reachable (CI has one); otherwise skipped, visibly.
const redisUrl = testRedisUrl;
const redisUp = await redisReachable('verifier-leases-redis');

const clients: Redis[] = [];
afterEach(async () => {
  installLimitsLink(null);
  await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
});

describe.skipIf(!redisUp)('verifier leases while quotas are counted on Redis', () => {
  it('come out of the same counter as the portal’s own requests: together never more than the quota', async () => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 0, commandTimeout: 5_000 });
    client.on('error', () => {});
    clients.push(client);
    installLimitsLink(new RedisLink(client, () => {}));

    const internal = await createOrg({ name: 'Internal services' });
    await db.update(partners).set({ keyRateLimitPerMinute: 100_000 }).where(eq(partners.id, internal.id));
    const credential = (await issueKey(internal.id, { scopes: ['keys:sync'], environment: 'live', rateLimitPerMinute: 100_000 })).secret;
    const org = await createOrg({ name: 'Shared Quota Co' });
    await db.update(partners).set({ monthlyQuota: 10, keyRateLimitPerMinute: 10_000 }).where(eq(partners.id, org.id));
    const partnerKey = await issueKey(org.id);
    const me = async () => (await callApi('GET', '/api/v1/me', { key: partnerKey.secret })).status;

    // Three of the ten through the portal's own API.
    for (let i = 0; i < 3; i++) expect(await me()).toBe(200);
    // A verifier asks for a hundred: it gets the seven that remain.
    const lease = await callApi('POST', '/api/v1/verifier/leases', {
      key: credential,
      body: { request: [{ keyId: partnerKey.key.id, counter: 'organization', units: 100 }] },
    });
    expect(lease.body).toMatchObject({ grants: [{ granted: 7, remaining: 0 }] });
    // The portal's own next request is refused: the lease holds the rest of the quota.
    expect(await me()).toBe(429);

    // The verifier gives four back unspent: the portal admits exactly four more.
    const settled = await callApi('POST', '/api/v1/verifier/leases', {
      key: credential,
      body: { settle: [{ keyId: partnerKey.key.id, counter: 'organization', month: monthOf(Date.now()).key, units: 4 }] },
    });
    expect(settled.status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await me());
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
