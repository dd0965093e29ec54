import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier, type Verifier } from '../src';
import { compileAllowlist } from '../src/cidr';
import { isWellFormedApiKey } from '../src/key-format';
import { CREDENTIAL, FakePortal, makeRawKey, organization, syncedKey, until } from './fake-portal';

let portal: FakePortal;
let verifier: Verifier | null = null;
let raw: string;

beforeEach(async () => {
  portal = await new FakePortal().start();
  raw = makeRawKey();
  const org = organization();
  portal.organizations.set(org.id, org);
  const key = syncedKey(raw, { id: 'key_a' });
  portal.keys.set(key.id, key);
});

afterEach(async () => {
  await verifier?.close();
  verifier = null;
  await portal.stop();
});

const start = async (options: Partial<Parameters<typeof createVerifier>[0]> = {}) => {
  verifier = await createVerifier({ portalUrl: portal.url, credential: CREDENTIAL, handleSignals: false, ...options });
  await until(() => portal.streams.size === 1);
  return verifier;
};

describe('verify, in-process', () => {
  it('answers VALID with the key, its organization and the rate-limit state, and refuses junk and unknown keys without the portal', async () => {
    const v = await start();
    expect(await v.verify(raw, { scope: 'catalog:read' })).toMatchObject({
      valid: true,
      code: 'VALID',
      key: { id: 'key_a', environment: 'test', scopes: ['catalog:read'] },
      organization: { id: 'org_1', name: 'Acme', status: 'active' },
      rateLimit: { limit: 600, remaining: 599 },
    });
    expect(await v.verify('pp_test_nope')).toEqual({ valid: false, code: 'NOT_FOUND' });
    // Right format, wrong checksum: refused before any hashing.
    expect(isWellFormedApiKey(raw.slice(0, -1) + (raw.endsWith('A') ? 'B' : 'A'))).toBe(false);
    expect(await v.verify(makeRawKey())).toEqual({ valid: false, code: 'NOT_FOUND' });
    expect(await v.verify(undefined)).toEqual({ valid: false, code: 'NOT_FOUND' });
  });

  it('applies a revocation, a suspension and a new key as soon as the change arrives', async () => {
    const v = await start();
    const fresh = makeRawKey();
    portal.push({ kind: 'key', key: syncedKey(fresh, { id: 'key_b' }), organization: organization() });
    await until(() => v.status().seq === 1);
    expect((await v.verify(fresh)).code).toBe('VALID');

    const revokedAt = Date.now();
    portal.push({ kind: 'key', key: { ...portal.keys.get('key_a')!, isActive: false, revokedAt }, organization: organization() });
    await until(() => v.status().seq === 2);
    expect(await v.verify(raw)).toMatchObject({ valid: false, code: 'REVOKED', key: { id: 'key_a' } });

    portal.push({ kind: 'organization', organization: organization({ status: 'suspended' }) });
    await until(() => v.status().seq === 3);
    expect((await v.verify(fresh)).code).toBe('ORGANIZATION_INACTIVE');
  });

  it('expires keys by the local clock (a rotated-out key works until its grace ends)', async () => {
    let now = Date.now();
    const graceEnd = now + 60_000;
    portal.keys.set('key_a', { ...portal.keys.get('key_a')!, rotatedAt: now, expiresAt: graceEnd });
    const v = await start({ clock: () => now, maxStalenessMs: 10 * 60_000 });
    expect((await v.verify(raw)).code).toBe('VALID');
    now = graceEnd;
    expect((await v.verify(raw)).code).toBe('EXPIRED');
  });

  it('checks the IP allowlist (compiled CIDR, v4 and v6) and the scope', async () => {
    portal.keys.set('key_a', { ...portal.keys.get('key_a')!, ipAllowlist: ['10.20.0.0/16', '2001:db8::/32', '192.0.2.7'] });
    const v = await start();
    expect((await v.verify(raw, { ip: '10.20.255.254' })).code).toBe('VALID');
    expect((await v.verify(raw, { ip: '::ffff:10.20.0.1' })).code).toBe('VALID');
    expect((await v.verify(raw, { ip: '2001:db8::1' })).code).toBe('VALID');
    expect((await v.verify(raw, { ip: '192.0.2.7' })).code).toBe('VALID');
    expect((await v.verify(raw, { ip: '10.21.0.1' })).code).toBe('IP_NOT_ALLOWED');
    expect((await v.verify(raw, { ip: 'not an ip' })).code).toBe('IP_NOT_ALLOWED');
    expect((await v.verify(raw, { ip: '10.20.0.1', scope: 'secrets:read' })).code).toBe('INSUFFICIENT_SCOPE');
  });

  it('rate-limits per key with the portal’s sliding window, within the organization’s ceiling', async () => {
    portal.keys.set('key_a', { ...portal.keys.get('key_a')!, rateLimitPerMinute: 3 });
    const v = await start();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await v.verify(raw)).code);
    expect(codes).toEqual(['VALID', 'VALID', 'VALID', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('spends quota from leases and refuses once the portal grants no more', async () => {
    portal.quota.set('key_a', 5);
    const v = await start();
    const results = await Promise.all(Array.from({ length: 8 }, () => v.verify(raw)));
    expect(results.filter((r) => r.valid)).toHaveLength(5);
    expect(results.filter((r) => r.code === 'QUOTA_EXCEEDED')).toHaveLength(3);
  });

  it('fails closed when no event or heartbeat came for maxStalenessMs, says so in status, and recovers', async () => {
    const v = await start({ maxStalenessMs: 300 });
    expect(v.status()).toMatchObject({ stale: false, mode: 'synced' });
    portal.heartbeats = false;
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await v.verify(raw)).toEqual({ valid: false, code: 'STALE' });
    expect(v.status()).toMatchObject({ stale: true, mode: 'stale-fail-closed' });
    portal.heartbeats = true;
    await until(() => !v.status().stale);
    expect((await v.verify(raw)).code).toBe('VALID');
  });

  it('resumes from the last seq after a dropped stream, and loads a snapshot again on reset', async () => {
    const v = await start();
    portal.push({ kind: 'organization', organization: organization({ name: 'Acme 2' }) });
    await until(() => v.status().seq === 1);
    portal.dropStreams();
    await until(() => portal.lastEventIds.length >= 2 && portal.streams.size === 1);
    expect(portal.lastEventIds[0]).toBe('0');
    expect(portal.lastEventIds.at(-1)).toBe('1');
    // Changed without a change event (as if pruned): only a snapshot brings it.
    portal.keys.set('key_a', { ...portal.keys.get('key_a')!, isActive: false, revokedAt: Date.now() });
    portal.sendReset();
    await until(() => portal.snapshotLoads === 2);
    await until(() => v.status().resets === 1 && portal.streams.size === 1);
    expect((await v.verify(raw)).code).toBe('REVOKED');
  });
});

describe('metering back', () => {
  it('aggregates per key, endpoint, method, status and minute, and posts a batch that is retried with the same id', async () => {
    portal.keys.set('key_a', { ...portal.keys.get('key_a')!, rateLimitPerMinute: 2 });
    const v = await start({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 3; i++) await v.verify(raw, { endpoint: '/api/v1/weather', method: 'get' });
    portal.failUsage = 1;
    await v.flush(); // refused: kept
    expect(portal.usageBatches).toHaveLength(0);
    expect(v.status().unreportedRequests).toBe(3);
    await v.flush();
    expect(portal.usageBatches).toHaveLength(1);
    const records = portal.usageBatches[0]!.records;
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyId: 'key_a', endpoint: '/api/v1/weather', method: 'GET', status: 200, count: 2, billable: 2 }),
        expect.objectContaining({ keyId: 'key_a', status: 429, count: 1, billable: 0 }),
      ]),
    );
    expect(v.status()).toMatchObject({ reportedRequests: 3, unreportedRequests: 0, dropped: 0 });
  });

  it('posts once 1,000 usage rows wait, without waiting for the timer, and flushes on close', async () => {
    portal.organizations.set('org_1', organization({ keyRateLimitPerMinute: 1_000_000 }));
    const v = await start({ flushIntervalMs: 60_000 });
    // Many requests on one row are one record: no post before the timer or close.
    for (let i = 0; i < 1_500; i++) await v.verify(raw, { endpoint: '/same' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(portal.usageCount()).toBe(0);
    // 1,000 distinct rows (endpoints) are a full batch: posted at once.
    for (let i = 0; i < 999; i++) await v.verify(raw, { endpoint: `/e${i}` });
    await until(() => portal.usageCount() === 2_499);
    await v.verify(raw);
    await v.close();
    expect(portal.usageCount()).toBe(2_500);
    verifier = null;
  });

  it('counts what it cannot hold as dropped, never silently', async () => {
    const v = await start({ flushIntervalMs: 60_000, maxBufferedRows: 1 });
    portal.failUsage = 1_000;
    await v.verify(raw, { endpoint: '/a' });
    await v.verify(raw, { endpoint: '/b' });
    expect(v.status().dropped).toBe(1);
    portal.failUsage = 0;
  });
});

describe('compileAllowlist', () => {
  it('matches addresses and ranges exactly', () => {
    const allowed = compileAllowlist(['203.0.113.0/24', '0.0.0.0/0']);
    expect(allowed('8.8.8.8')).toBe(true);
    const narrow = compileAllowlist(['203.0.113.0/25']);
    expect([narrow('203.0.113.127'), narrow('203.0.113.128'), narrow('203.0.113.01')]).toEqual([true, false, false]);
    expect(compileAllowlist([])('whatever')).toBe(true);
  });
});
