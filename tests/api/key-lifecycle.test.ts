import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { apiKeys, auditLogs } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { reactivatePartnerSpec, suspendPartnerSpec } from '@/lib/partners/suspend-partner';
import { callApi } from '../support/api-client';
import { createCast, createOrg, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});
afterEach(() => {
  vi.useRealTimers();
});

const me = (secret: string, ip?: string) => callApi('GET', '/api/v1/me', { key: secret, ip });

async function createInPortal(actor = cast.partnerAdmin, input: Record<string, unknown> = {}) {
  const { result, value } = await executeAction(createKeySpec, { name: 'Portal key', environment: 'test', ...input }, { actor, meta: testMeta });
  if (!result.ok) throw new Error(`create failed: ${JSON.stringify(result)}`);
  return value!;
}

describe('keys made in the portal', () => {
  it('work at once; the creation returns the secret once and stores only its hash', async () => {
    const created = await createInPortal(cast.partnerAdmin, { scopes: ['usage:read', 'keys:write'], rateLimitPerMinute: '120', ipAllowlist: '' });
    expect(created.secret).toMatch(/^pp_test_[0-9A-Za-z]{30}$/);
    expect((await me(created.secret)).body).toMatchObject({ key: { scopes: ['usage:read', 'keys:write'], rateLimitPerMinute: 120 } });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.key.id));
    expect(row?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.tokenPrefix).toBe(created.secret.slice(0, 14));
    const [audit] = await db.select().from(auditLogs).where(eq(auditLogs.targetId, created.key.id));
    expect(audit).toMatchObject({ action: 'key.create', actorId: cast.partnerAdmin.userId, partnerId: cast.org.id });
  });

  it('a developer may create test keys but not live ones', async () => {
    await createInPortal(cast.developer);
    const live = await executeAction(createKeySpec, { name: 'Live', environment: 'live' }, { actor: cast.developer, meta: testMeta });
    expect(live.result).toMatchObject({ ok: false, fieldErrors: { environment: ['You cannot manage live keys'] } });
  });

  it('only staff hand out keys:verify; support staff cannot create keys', async () => {
    const partnerTry = await executeAction(
      createKeySpec,
      { name: 'Verifier', environment: 'live', scopes: ['keys:verify'] },
      { actor: cast.partnerAdmin, meta: testMeta },
    );
    expect(!partnerTry.result.ok && partnerTry.result.fieldErrors?.scopes?.[0]).toBe('Not grantable: keys:verify');
    const supportTry = await executeAction(createKeySpec, { name: 'x', environment: 'test', partnerId: cast.org.id }, { actor: cast.support, meta: testMeta });
    expect(supportTry.result.ok).toBe(false);
    const adminKey = await createInPortal(cast.admin, { name: 'Service', environment: 'live', scopes: ['keys:verify'], partnerId: cast.org.id });
    expect(adminKey.key.scopes).toEqual(['keys:verify']);
  });

  it('rejects invalid settings with field errors', async () => {
    const { result } = await executeAction(
      createKeySpec,
      { name: '', environment: 'staging', scopes: ['admin:all'], rateLimitPerMinute: '-1', ipAllowlist: '10.0.0.0/33\nnot-an-ip', expiresAt: '2001-01-01' },
      { actor: cast.partnerAdmin, meta: testMeta },
    );
    expect(result.ok).toBe(false);
    expect(Object.keys((!result.ok && result.fieldErrors) || {}).sort()).toEqual([
      'environment',
      'expiresAt',
      'ipAllowlist',
      'name',
      'rateLimitPerMinute',
      'scopes.0',
    ]);
  });
});

describe('rotation with a grace period', () => {
  it('the old key works until the grace period ends and is refused after; the new one works at once', async () => {
    const old = await createInPortal();
    const { result, value } = await executeAction(rotateKeySpec, { keyId: old.key.id, grace: '1h' }, { actor: cast.partnerAdmin, meta: testMeta });
    expect(result.ok).toBe(true);
    expect(value!.key.rotatedFromId).toBe(old.key.id);
    expect((await me(value!.secret)).status).toBe(200);
    expect((await me(old.secret)).status).toBe(200);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_600_000 + 1_000);
    expect((await me(old.secret)).status).toBe(401);
    expect((await me(value!.secret)).status).toBe(200);
  });

  it('with "now" the old key is refused at once', async () => {
    const old = await createInPortal();
    await me(old.secret); // cached
    const { value } = await executeAction(rotateKeySpec, { keyId: old.key.id, grace: 'now' }, { actor: cast.partnerAdmin, meta: testMeta });
    expect((await me(old.secret)).status).toBe(401);
    expect((await me(value!.secret)).status).toBe(200);
  });
});

describe('revocation and suspension are real', () => {
  it('a revoked key is refused on the very next request (cached before)', async () => {
    const created = await createInPortal();
    expect((await me(created.secret)).status).toBe(200);
    const { result } = await executeAction(revokeKeySpec, { keyId: created.key.id }, { actor: cast.partnerAdmin, meta: testMeta });
    expect(result.ok).toBe(true);
    expect((await me(created.secret)).status).toBe(401);
  });

  it('suspending an organization refuses all its keys at once, reactivating accepts them again', async () => {
    const org = await createOrg({ name: 'Suspendable' });
    const keys = await Promise.all([issueKey(org.id), issueKey(org.id, { environment: 'live' })]);
    for (const k of keys) expect((await me(k.secret)).status).toBe(200);
    expect((await executeAction(suspendPartnerSpec, { partnerId: org.id }, { actor: cast.admin, meta: testMeta })).result.ok).toBe(true);
    for (const k of keys) expect((await me(k.secret)).status).toBe(403);
    expect((await executeAction(reactivatePartnerSpec, { partnerId: org.id }, { actor: cast.admin, meta: testMeta })).result.ok).toBe(true);
    for (const k of keys) expect((await me(k.secret)).status).toBe(200);
  });

  it('support staff cannot suspend', async () => {
    const { result } = await executeAction(suspendPartnerSpec, { partnerId: cast.org.id }, { actor: cast.support, meta: testMeta });
    expect(result.ok).toBe(false);
  });
});

describe('IP allowlists', () => {
  const cases: { list: string[]; allowed: string[]; refused: string[] }[] = [
    { list: ['203.0.113.5'], allowed: ['203.0.113.5', '::ffff:203.0.113.5'], refused: ['203.0.113.6'] },
    { list: ['10.20.0.0/16'], allowed: ['10.20.0.1', '10.20.255.254'], refused: ['10.21.0.1', '2001:db8::1'] },
    { list: ['2001:db8::1'], allowed: ['2001:db8::1', '2001:0db8:0000::0001'], refused: ['2001:db8::2', '203.0.113.5'] },
    { list: ['2001:db8:abcd::/48'], allowed: ['2001:db8:abcd:12::1'], refused: ['2001:db8:abce::1'] },
    { list: ['198.51.100.7', '2001:db8::/32'], allowed: ['198.51.100.7', '2001:db8:ffff::9'], refused: ['198.51.100.8'] },
  ];
  for (const { list, allowed, refused } of cases) {
    it(`${list.join(', ')} admits ${allowed.join(', ')} and refuses ${refused.join(', ')}`, async () => {
      const fenced = await createInPortal(cast.partnerAdmin, { ipAllowlist: list.join('\n') });
      for (const ip of allowed) expect((await me(fenced.secret, ip)).status, ip).toBe(200);
      for (const ip of refused) expect((await me(fenced.secret, ip)).status, ip).toBe(403);
    });
  }
});

describe('key management by API (keys:write)', () => {
  it("a foreign organization's key id is a 404 on rotate and revoke, and nothing changes", async () => {
    const automation = await issueKey(cast.org.id, { scopes: ['keys:write'], environment: 'live' });
    const foreign = await issueKey((await createOrg()).id);
    for (const [method, path] of [
      ['POST', `/api/v1/keys/${foreign.key.id}/rotate`],
      ['DELETE', `/api/v1/keys/${foreign.key.id}`],
      ['DELETE', '/api/v1/keys/key_doesnotexist'],
    ] as const) {
      const answer = await callApi(method, path, { key: automation.secret, body: method === 'POST' ? { grace: 'now' } : undefined });
      expect(answer.status, path).toBe(404);
    }
    expect((await me(foreign.secret)).status).toBe(200);
  });

  it('lists, creates, rotates and revokes its own organization’s keys, each with an audit row by the key', async () => {
    const automation = await issueKey(cast.org.id, { scopes: ['keys:write', 'usage:read'], environment: 'live' });
    const created = await callApi('POST', '/api/v1/keys', { key: automation.secret, body: { name: 'CI', environment: 'test', scopes: ['usage:read'] } });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    const id = (created.body.key as { id: string }).id;
    expect((await me(secret)).status).toBe(200);

    const list = await callApi('GET', '/api/v1/keys?pageSize=100', { key: automation.secret });
    expect(list.status).toBe(200);
    const listed = (list.body.data as { id: string; partnerId?: string }[]).map((k) => k.id);
    expect(listed).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain('keyHash');

    const rotated = await callApi('POST', `/api/v1/keys/${id}/rotate`, { key: automation.secret, body: { grace: 'now' } });
    expect(rotated.status).toBe(201);
    expect((await me(secret)).status).toBe(401);
    const newSecret = rotated.body.secret as string;
    const newId = (rotated.body.key as { id: string }).id;

    const revoked = await callApi('DELETE', `/api/v1/keys/${newId}`, { key: automation.secret });
    expect(revoked.status).toBe(200);
    expect((revoked.body.key as { status: string }).status).toBe('revoked');
    expect((await me(newSecret)).status).toBe(401);

    const trail = await db.select().from(auditLogs).where(eq(auditLogs.actorId, automation.key.id));
    expect(trail.map((r) => r.action).sort()).toEqual(['key.create', 'key.revoke', 'key.rotate']);
    expect(trail.every((r) => r.actorType === 'api_key' && r.actorLabel === automation.key.tokenPrefix)).toBe(true);
  });

  it('cannot grant scopes it lacks, keys:verify, or live keys from a test key', async () => {
    const testKey = await issueKey(cast.org.id, { scopes: ['keys:write'] });
    const escalate = await callApi('POST', '/api/v1/keys', { key: testKey.secret, body: { name: 'x', environment: 'test', scopes: ['secrets:read'] } });
    expect(escalate.status).toBe(403);
    const verify = await callApi('POST', '/api/v1/keys', { key: testKey.secret, body: { name: 'x', environment: 'test', scopes: ['keys:verify'] } });
    expect(verify.status).toBe(403);
    const live = await callApi('POST', '/api/v1/keys', { key: testKey.secret, body: { name: 'x', environment: 'live' } });
    expect(live.status).toBe(403);
    const liveKey = await issueKey(cast.org.id, { environment: 'live' });
    expect((await callApi('DELETE', `/api/v1/keys/${liveKey.key.id}`, { key: testKey.secret })).status).toBe(403);
    expect((await me(liveKey.secret)).status).toBe(200);
  });
});
