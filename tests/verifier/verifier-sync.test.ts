import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '@partner-portal/verifier';
import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import { apiKeys, partners, usageLogs, verifierChanges, verifierConnections } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { hashApiKey } from '@/lib/keys/key-format';
import { announceKeyChange } from '@/lib/keys/key-invalidation';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { suspendPartnerSpec } from '@/lib/partners/suspend-partner';
import { callApi } from '../support/api-client';
import { createCast, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { startPortalServer } from './support/portal-server';
import { listVerifierFleet } from '@/lib/verifier/verifier-connections';
import { pruneVerifierLog } from '@/lib/verifier/verifier-jobs';
import { markShuttingDown } from '@/lib/runtime/shutdown';

let cast: Awaited<ReturnType<typeof createCast>>;
let portal: Awaited<ReturnType<typeof startPortalServer>>;
let credential: string;
const verifiers: Verifier[] = [];

beforeAll(async () => {
  cast = await createCast();
  // The verifier credential: staff-issued (the system's ceiling includes keys:sync), on the company's own organization.
  const internal = await db
    .insert(partners)
    .values({ id: 'org_internal', name: 'Internal', slug: 'internal', status: 'active', keyRateLimitPerMinute: 100_000 })
    .returning();
  credential = (
    await issueKey(internal[0]!.id, { scopes: ['keys:sync', 'keys:verify'], environment: 'live', rateLimitPerMinute: 100_000, name: 'Weather verifier' })
  ).secret;
  await db.update(partners).set({ keyRateLimitPerMinute: 10_000 }).where(eq(partners.id, cast.org.id));
  portal = await startPortalServer();
});

afterEach(async () => {
  await Promise.all(verifiers.splice(0).map((v) => v.close()));
});

afterAll(async () => {
  await portal.stop();
});

async function verifier(options: Partial<Parameters<typeof createVerifier>[0]> = {}): Promise<Verifier> {
  const v = await createVerifier({ portalUrl: portal.url, credential, handleSignals: false, ...options });
  verifiers.push(v);
  return v;
}

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<number> => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
};

const verifyOnline = async (key: string, body: Record<string, unknown> = {}) =>
  (await callApi('POST', '/api/v1/keys/verify', { key: credential, body: { key, ...body } })).body.code;

describe('the verifier against the portal', () => {
  it('syncs every key with hashes peppered per credential, and decides as POST /keys/verify does', async () => {
    const partnerKey = await issueKey(cast.org.id, { scopes: ['catalog:read'], ipAllowlist: ['10.0.0.0/8'] });
    const v = await verifier();
    expect(v.status()).toMatchObject({ stale: false });
    expect(v.status().keys).toBeGreaterThanOrEqual(2);

    const cases: [string, Record<string, string>][] = [
      [partnerKey.secret, { scope: 'catalog:read', ip: '10.1.2.3' }],
      [partnerKey.secret, { scope: 'secrets:read', ip: '10.1.2.3' }],
      [partnerKey.secret, { scope: 'catalog:read', ip: '192.0.2.1' }],
      ['pp_test_garbage', {}],
    ];
    for (const [key, context] of cases) expect((await v.verify(key, context)).code).toBe(await verifyOnline(key, context));

    const snapshot = await callApi('GET', '/api/v1/verifier/snapshot', { key: credential });
    const synced = (snapshot.body.keys as { id: string; hash: string }[]).find((k) => k.id === partnerKey.key.id)!;
    expect(synced.hash).not.toBe(hashApiKey(partnerKey.secret));
    expect(JSON.stringify(snapshot.body)).not.toContain(hashApiKey(partnerKey.secret));
    // Another credential gets other hashes for the same key.
    const other = await issueKey('org_internal', { scopes: ['keys:sync'], environment: 'live' });
    const otherSnapshot = await callApi('GET', '/api/v1/verifier/snapshot', { key: other.secret });
    expect((otherSnapshot.body.keys as { id: string; hash: string }[]).find((k) => k.id === partnerKey.key.id)!.hash).not.toBe(synced.hash);
  });

  it('is for staff-issued verifier credentials only', async () => {
    const partnerKey = await issueKey(cast.org.id, { scopes: ['catalog:read'] });
    expect((await callApi('GET', '/api/v1/verifier/snapshot', { key: partnerKey.secret })).status).toBe(403);
    const service = await issueKey('org_internal', { scopes: ['keys:verify'], environment: 'live' });
    expect((await callApi('POST', '/api/v1/verifier/usage', { key: service.secret, body: { batchId: 'abcdefgh', records: [] } })).status).toBe(403);
  });

  it('refuses a revoked key within a second of the commit, and an organization’s keys once it is suspended', async () => {
    const org = await (await import('../support/fixtures')).createOrg({ name: 'Revoke Co' });
    const partnerKey = await issueKey(org.id, { scopes: ['catalog:read'] });
    const sibling = await issueKey(org.id);
    const v = await verifier();
    await until(async () => (await v.verify(partnerKey.secret)).code === 'VALID');
    await executeAction(revokeKeySpec, { keyId: partnerKey.key.id }, { actor: cast.admin, meta: testMeta });
    const revokedIn = await until(async () => (await v.verify(partnerKey.secret)).code === 'REVOKED', 1_000);
    expect(revokedIn).toBeLessThan(1_000);
    expect((await v.verify(sibling.secret)).code).toBe('VALID');
    await executeAction(suspendPartnerSpec, { partnerId: org.id }, { actor: cast.admin, meta: testMeta });
    await until(async () => (await v.verify(sibling.secret)).code === 'ORGANIZATION_INACTIVE', 1_000);
  });

  it('follows a rotation: both keys work during the grace period; with "now" the old one is refused', async () => {
    const old = await issueKey(cast.org.id);
    const v = await verifier();
    const rotated = await executeAction(rotateKeySpec, { keyId: old.key.id, grace: '1h' }, { actor: cast.partnerAdmin, meta: testMeta });
    const fresh = rotated.value!.secret;
    await until(async () => (await v.verify(fresh)).code === 'VALID');
    expect((await v.verify(old.secret)).code).toBe('VALID');
    const again = await executeAction(rotateKeySpec, { keyId: rotated.value!.key.id, grace: 'now' }, { actor: cast.partnerAdmin, meta: testMeta });
    await until(async () => (await v.verify(fresh)).code === 'EXPIRED');
    await until(async () => (await v.verify(again.value!.secret)).code === 'VALID');
  });

  it('expires a key by its own clock', async () => {
    const partnerKey = await issueKey(cast.org.id);
    const expiresAt = new Date(Date.now() + 60_000);
    await withTransaction(db, async (tx, afterCommit) => {
      await tx.update(apiKeys).set({ expiresAt }).where(eq(apiKeys.id, partnerKey.key.id));
      await announceKeyChange(tx, afterCommit, { keyIds: [partnerKey.key.id] });
    });
    let skew = 0;
    const v = await verifier({ clock: () => Date.now() + skew, maxStalenessMs: 10 * 60_000 });
    expect((await v.verify(partnerKey.secret)).code).toBe('VALID');
    skew = 61_000;
    expect((await v.verify(partnerKey.secret)).code).toBe('EXPIRED');
    expect(await verifyOnline(partnerKey.secret)).toBe('VALID'); // the portal's clock is not skewed
  });

  it('fails closed within maxStalenessMs + 500 ms when the portal goes away, and says so in its status', async () => {
    const partnerKey = await issueKey(cast.org.id);
    const own = await startPortalServer();
    const v = await createVerifier({ portalUrl: own.url, credential, handleSignals: false, maxStalenessMs: 1_000 });
    verifiers.push(v);
    expect((await v.verify(partnerKey.secret)).code).toBe('VALID');
    await own.stop();
    const stoppedAt = Date.now();
    await until(async () => (await v.verify(partnerKey.secret)).code === 'STALE', 2_000);
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(1_500);
    expect(v.status()).toMatchObject({ stale: true, mode: 'stale-fail-closed' });
  });

  it('falls back to POST /keys/verify when stale and asked to (onStale: online)', async () => {
    const partnerKey = await issueKey(cast.org.id);
    const own = await startPortalServer();
    const v = await createVerifier({ portalUrl: own.url, credential, handleSignals: false, maxStalenessMs: 300, onStale: 'online' });
    verifiers.push(v);
    const revoked = await issueKey(cast.org.id);
    await executeAction(revokeKeySpec, { keyId: revoked.key.id }, { actor: cast.admin, meta: testMeta });
    own.blockChanges(true);
    await until(() => v.status().stale, 2_000);
    expect(v.status().mode).toBe('stale-online');
    expect((await v.verify(partnerKey.secret)).code).toBe('VALID');
    expect((await v.verify(revoked.secret)).code).toBe('REVOKED');
    own.blockChanges(false);
    await until(() => !v.status().stale, 3_000);
    await own.stop();
  });
});

describe('the change stream', () => {
  async function openStream(headers: Record<string, string>, query = '') {
    const route = await import('@/app/api/v1/verifier/changes/route');
    const abort = new AbortController();
    const response = await route.GET(
      new Request(`http://portal.test/api/v1/verifier/changes${query}`, {
        headers: { authorization: `Bearer ${credential}`, 'x-forwarded-for': '127.0.0.1', ...headers },
        signal: abort.signal,
      }),
      {
        params: Promise.resolve({}),
      },
    );
    const reader = response.body!.getReader();
    let text = '';
    const read = async (until: (t: string) => boolean) => {
      while (!until(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return text;
    };
    const close = async () => {
      abort.abort();
      await reader.cancel();
    };
    return { response, read, close };
  }

  it('resumes from Last-Event-ID: the first change after it, then heartbeats', async () => {
    const a = await issueKey(cast.org.id);
    const b = await issueKey(cast.org.id);
    const [row] = await db
      .select({ seq: verifierChanges.seq })
      .from(verifierChanges)
      .where(eq(verifierChanges.entityId, a.key.id))
      .orderBy(verifierChanges.seq)
      .limit(1);
    const after = row!.seq;
    const stream = await openStream({ 'last-event-id': String(after) });
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    const text = await stream.read((t) => t.includes('event: heartbeat'));
    await stream.close();
    const ids = [...text.matchAll(/^id: (\d+)\nevent: change/gm)].map((m) => Number(m[1]));
    expect(ids[0]).toBeGreaterThan(after);
    expect(text).toContain(b.key.id);
    expect(text).not.toMatch(new RegExp(`"id":"${a.key.id}"`));
  });

  it('ends when the process starts shutting down, so the verifier moves to another instance instead of hearing a dying one', async () => {
    const stream = await openStream({});
    await stream.read((t) => t.includes('event: heartbeat'));
    markShuttingDown();
    try {
      const started = Date.now();
      // read() returns at the stream's end: within a heartbeat of the signal, not at the drain's timeout.
      await stream.read(() => false);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      (globalThis as { __partnerPortalShuttingDown?: boolean }).__partnerPortalShuttingDown = false;
      await stream.close();
    }
  });

  it('says reset when the verifier is ahead of the log or too far behind', async () => {
    const stream = await openStream({}, '?after=999999999');
    const text = await stream.read((t) => t.includes('event: reset'));
    await stream.close();
    expect(text).toContain('event: reset');
    const bad = await openStream({ 'last-event-id': 'seven' });
    expect(bad.response.status).toBe(400);
  });

  it('prunes the log after a week (keeping its newest row); a verifier from before the cut is told to reset', async () => {
    await issueKey(cast.org.id);
    const [first] = await db.select({ seq: verifierChanges.seq }).from(verifierChanges).orderBy(verifierChanges.seq).limit(1);
    await db.update(verifierChanges).set({ createdAt: new Date(Date.now() - 8 * 86_400_000) });
    const pruned = await pruneVerifierLog();
    expect(pruned.changes).toBeGreaterThan(0);
    expect(await db.select().from(verifierChanges)).toHaveLength(1);
    const stream = await openStream({ 'last-event-id': String(first!.seq) });
    const text = await stream.read((t) => t.includes('event: reset'));
    await stream.close();
    expect(text).toContain('pruned');
  });
});

describe('metering back and leases', () => {
  const record = (keyId: string, over: Record<string, unknown> = {}) => ({
    keyId,
    endpoint: '/api/v1/weather',
    method: 'GET',
    status: 200,
    minute: Math.floor(Date.now() / 60_000) * 60_000,
    count: 3,
    billable: 3,
    latencySumMs: 6,
    latencyMaxMs: 3,
    buckets: [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ...over,
  });

  it('counts a batch once, however often it is retried, in usage_logs with its organization', async () => {
    const partnerKey = await issueKey(cast.org.id);
    const body = { batchId: 'batch_retry_1', records: [record(partnerKey.key.id), record(partnerKey.key.id, { status: 429, billable: 0, count: 1 })] };
    const first = await callApi('POST', '/api/v1/verifier/usage', {
      key: credential,
      body,
      headers: { 'x-verifier-instance': 'vfy_test_instance_1', 'x-verifier-version': '0.1.0' },
    });
    const retry = await callApi('POST', '/api/v1/verifier/usage', { key: credential, body });
    expect(first.body).toMatchObject({ recorded: true, requests: 4 });
    expect(retry.body).toMatchObject({ recorded: false });
    const rows = await db.select().from(usageLogs).where(eq(usageLogs.apiKeyId, partnerKey.key.id));
    expect(rows.map((r) => [r.statusCode, r.requestCount, r.billableCount, r.partnerId]).sort()).toEqual([
      [200, 3, 3, cast.org.id],
      [429, 1, 0, cast.org.id],
    ]);
    const [fleet] = await db.select().from(verifierConnections).where(eq(verifierConnections.id, 'vfy_test_instance_1'));
    expect(fleet).toMatchObject({ version: '0.1.0', requestsReported: 4 });
    // The staff fleet page's list: staff only.
    expect((await listVerifierFleet(cast.support)).find((row) => row.id === 'vfy_test_instance_1')).toMatchObject({ credentialName: 'Weather verifier' });
    await expect(listVerifierFleet(cast.partnerAdmin)).rejects.toThrow();
  });

  it('the verifier’s own traffic arrives in usage_logs exactly once', async () => {
    const partnerKey = await issueKey(cast.org.id);
    const v = await verifier({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) await v.verify(partnerKey.secret, { endpoint: '/api/v1/weather', method: 'GET' });
    await v.flush();
    await v.flush();
    const [row] = await db
      .select({ n: sql<number>`sum(${usageLogs.requestCount})::int` })
      .from(usageLogs)
      .where(and(eq(usageLogs.apiKeyId, partnerKey.key.id), eq(usageLogs.endpoint, '/api/v1/weather')));
    expect(row!.n).toBe(7);
  });

  it('never grants more than remains of the organization’s quota, however many verifiers ask at once', async () => {
    const org = await (await import('../support/fixtures')).createOrg({ name: 'Quota Co' });
    await db.update(partners).set({ monthlyQuota: 50, keyRateLimitPerMinute: 10_000 }).where(eq(partners.id, org.id));
    const keys = await Promise.all([issueKey(org.id), issueKey(org.id)]);
    const capped = await issueKey(cast.org.id, { monthlyQuota: 5 });
    const fleet = await Promise.all([verifier({ leaseBlock: 7 }), verifier({ leaseBlock: 7 }), verifier({ leaseBlock: 7 })]);
    const results = await Promise.all(fleet.flatMap((v) => Array.from({ length: 40 }, (_, i) => v.verify(keys[i % 2]!.secret))));
    expect(results.filter((r) => r.valid)).toHaveLength(50);
    expect(results.filter((r) => r.code === 'QUOTA_EXCEEDED')).toHaveLength(70);
    // A key with a quota of its own (made before the verifiers start): leased from its own counter as well, so it stops at 5.
    const cappedResults = await Promise.all(Array.from({ length: 8 }, () => fleet[0]!.verify(capped.secret)));
    expect(cappedResults.filter((r) => r.valid)).toHaveLength(5);
    expect(cappedResults.filter((r) => r.code === 'QUOTA_EXCEEDED')).toHaveLength(3);
    expect((await fleet[1]!.verify(capped.secret)).code).toBe('QUOTA_EXCEEDED');
    const direct = await callApi('POST', '/api/v1/verifier/leases', {
      key: credential,
      body: { request: [{ keyId: keys[0]!.key.id, counter: 'organization', units: 10 }] },
    });
    expect(direct.body).toMatchObject({ grants: [{ granted: 0, remaining: 0 }] });
  });
});
