import { count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { accessLogs, apiKeys, auditLogs, partners } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import type { UserActor } from '@/lib/auth/actor';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { createEnvironmentSpec } from '@/lib/secrets/environments';
import { previewDotenvImportSpec } from '@/lib/secrets/import-dotenv';
import { createSecretSpec } from '@/lib/secrets/write-secrets';
import { callApi } from '../support/api-client';
import { createCast, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

// The holes an outside review found where people and keys were decided apart (issue 11), each shown
// refused through the real route handlers and actions, with nothing written.

type Cast = Awaited<ReturnType<typeof createCast>>;
let cast: Cast;
beforeEach(async () => {
  cast = await createCast();
});

const as = (actor: UserActor) => ({ actor, meta: testMeta });

async function makeKey(actor: UserActor, input: Record<string, unknown>) {
  const outcome = await executeAction(createKeySpec, { name: 'k', environment: 'test', ...input }, as(actor));
  if (!outcome.result.ok) throw new Error(`create failed: ${JSON.stringify(outcome.result)}`);
  return outcome.value!;
}

/** What a refusal must leave untouched. */
async function footprint() {
  const [keys] = await db.select({ n: count() }).from(apiKeys);
  const [audits] = await db.select({ n: count() }).from(auditLogs);
  const [reads] = await db.select({ n: count() }).from(accessLogs);
  const rotated = await db.select({ id: apiKeys.id, rotatedAt: apiKeys.rotatedAt, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt }).from(apiKeys);
  return { keys: keys!.n, audits: audits!.n, reads: reads!.n, rotated };
}

describe('1. rotation stays within the rotator’s powers', () => {
  it('a keys:write key cannot rotate (or revoke) a staff-issued keys:verify key, nor a key with scopes it lacks', async () => {
    const verifier = await makeKey(cast.admin, { name: 'Billing verifier', scopes: ['keys:verify'], partnerId: cast.org.id });
    const secretsKey = await makeKey(cast.partnerAdmin, { name: 'CI secrets', scopes: ['secrets:read'] });
    const manager = await makeKey(cast.partnerAdmin, { name: 'Automation', scopes: ['keys:write'] });
    const before = await footprint();

    const rotate = await callApi('POST', `/api/v1/keys/${verifier.key.id}/rotate`, { key: manager.secret, body: { grace: 'now' } });
    expect(rotate.status).toBe(403);
    expect(rotate.contentType).toContain('application/problem+json');
    expect(rotate.body).toMatchObject({ type: expect.stringContaining('forbidden'), errors: { 'body.scopes': ['Not grantable: keys:verify'] } });
    expect(rotate.body.secret).toBeUndefined();
    expect((await callApi('POST', `/api/v1/keys/${secretsKey.key.id}/rotate`, { key: manager.secret, body: {} })).status).toBe(403);
    expect((await callApi('DELETE', `/api/v1/keys/${verifier.key.id}`, { key: manager.secret })).status).toBe(403);

    expect(await footprint()).toEqual(before);
  });

  it('a developer cannot rotate a staff-issued keys:verify test key in the portal', async () => {
    const verifier = await makeKey(cast.admin, { name: 'Verifier', scopes: ['keys:verify'], partnerId: cast.org.id });
    const before = await footprint();
    const outcome = await executeAction(rotateKeySpec, { keyId: verifier.key.id, grace: 'now' }, as(cast.developer));
    expect(outcome.result).toMatchObject({ ok: false, fieldErrors: { scopes: ['Not grantable: keys:verify'] } });
    expect(await footprint()).toEqual(before);
  });
});

describe('2. a developer’s keys read development secrets only', () => {
  it('a test key with secrets:read made by a developer gets 403 problems for staging and a custom environment, values for development', async () => {
    await executeAction(createEnvironmentSpec, { slug: 'qa' }, as(cast.partnerAdmin));
    for (const environment of ['development', 'staging', 'qa']) {
      const made = await executeAction(createSecretSpec, { environment, name: 'DB_PASSWORD', value: `${environment}-value` }, as(cast.partnerAdmin));
      expect(made.result.ok).toBe(true);
    }
    const devKey = await makeKey(cast.developer, { name: 'My laptop', scopes: ['secrets:read'] });
    const before = await footprint();
    for (const environment of ['staging', 'qa', 'production']) {
      const pulled = await callApi('GET', `/api/v1/secrets?environment=${environment}`, { key: devKey.secret });
      expect(pulled.status, environment).toBe(403);
      expect(pulled.body.type).toContain('forbidden');
      expect(JSON.stringify(pulled.body)).not.toContain(`${environment}-value`);
    }
    expect((await footprint()).reads).toBe(before.reads);
    const dev = await callApi('GET', '/api/v1/secrets?environment=development', { key: devKey.secret });
    expect(dev.status).toBe(200);
    expect(JSON.stringify(dev.body)).toContain('development-value');
    // Asking for staging explicitly is refused at creation, with a field error.
    const wider = await executeAction(
      createKeySpec,
      { name: 'x', environment: 'test', scopes: ['secrets:read'], secretEnvironments: ['staging'] },
      as(cast.developer),
    );
    expect(wider.result).toMatchObject({ ok: false, fieldErrors: { secretEnvironments: ['Not readable by you: staging'] } });
  });
});

describe('3. a key minted through the API keeps its maker’s limits', () => {
  async function constrainedMaker() {
    return makeKey(cast.partnerAdmin, {
      name: 'Constrained',
      environment: 'live',
      scopes: ['keys:write', 'secrets:read'],
      secretEnvironments: ['development'],
      ipAllowlist: '198.51.100.0/24', // the test client's address is 198.51.100.10
      rateLimitPerMinute: '5',
      monthlyQuota: '10',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
  }

  it('asking for more than the maker has is refused, field by field, and writes nothing', async () => {
    const maker = await constrainedMaker();
    const before = await footprint();
    const minted = await callApi('POST', '/api/v1/keys', {
      key: maker.secret,
      body: {
        name: 'Unbounded',
        environment: 'live',
        scopes: ['secrets:read'],
        secretEnvironments: ['production'],
        ipAllowlist: ['0.0.0.0/0'],
        rateLimitPerMinute: 1_000_000,
        monthlyQuota: 2_000_000_000,
      },
    });
    expect(minted.status).toBe(403);
    expect(Object.keys(minted.body.errors as object).sort()).toEqual([
      'body.ipAllowlist',
      'body.monthlyQuota',
      'body.rateLimitPerMinute',
      'body.secretEnvironments',
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('what the minting key leaves out it inherits: the new key is exactly as constrained, and cannot read production', async () => {
    const maker = await constrainedMaker();
    const minted = await callApi('POST', '/api/v1/keys', { key: maker.secret, body: { name: 'Child', environment: 'live', scopes: ['secrets:read'] } });
    expect(minted.status).toBe(201);
    const [row] = await db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.id, (minted.body.key as { id: string }).id));
    expect(row).toMatchObject({
      ipAllowlist: ['198.51.100.0/24'],
      rateLimitPerMinute: 5,
      monthlyQuota: 10,
      secretEnvironments: ['development'],
      createdByKeyId: maker.key.id,
    });
    expect(row!.expiresAt!.getTime()).toBe(maker.key.expiresAt!.getTime());
    expect(row!.ceiling).toMatchObject({ origin: 'key', scopes: ['keys:write', 'secrets:read'], secretEnvironments: ['development'] });
    const child = minted.body.secret as string;
    expect((await callApi('GET', '/api/v1/secrets?environment=production', { key: child })).status).toBe(403);
    expect((await callApi('GET', '/api/v1/me', { key: child, ip: '203.0.113.9' })).status).toBe(403); // outside the inherited allowlist
  });

  it('a key rotated out (inside its grace period) may still call, but not mint, rotate or revoke', async () => {
    const old = await makeKey(cast.partnerAdmin, { name: 'Old', scopes: ['keys:write'] });
    const other = await makeKey(cast.partnerAdmin, { name: 'Other', scopes: [] });
    const rotated = await executeAction(rotateKeySpec, { keyId: old.key.id, grace: '24h' }, as(cast.partnerAdmin));
    expect(rotated.result.ok).toBe(true);
    const before = await footprint();

    expect((await callApi('GET', '/api/v1/me', { key: old.secret })).status).toBe(200);
    const mint = await callApi('POST', '/api/v1/keys', { key: old.secret, body: { name: 'Permanent', environment: 'test' } });
    expect(mint.status).toBe(403);
    expect(mint.body.detail).toMatch(/rotated out/);
    expect((await callApi('POST', `/api/v1/keys/${other.key.id}/rotate`, { key: old.secret, body: {} })).status).toBe(403);
    expect((await callApi('DELETE', `/api/v1/keys/${other.key.id}`, { key: old.secret })).status).toBe(403);
    expect(await footprint()).toEqual(before);
  });
});

describe('4. the organization’s limits are staff’s', () => {
  it('a key above the organization’s ceiling is refused with a field error in the portal and a problem in the API', async () => {
    await db.update(partners).set({ keyRateLimitPerMinute: 100, monthlyQuota: 1_000 }).where(eq(partners.id, cast.org.id));
    const before = await footprint();
    const portal = await executeAction(
      createKeySpec,
      { name: 'Greedy', environment: 'live', rateLimitPerMinute: '1000000', monthlyQuota: '2000000000' },
      as(cast.partnerAdmin),
    );
    expect(portal.result).toMatchObject({
      ok: false,
      fieldErrors: {
        rateLimitPerMinute: ["At most 100 a minute (the organization's ceiling)"],
        monthlyQuota: ["At most 1,000 a month (the organization's monthly quota)"],
      },
    });
    const developer = await executeAction(createKeySpec, { name: 'Greedy test', environment: 'test', rateLimitPerMinute: '101' }, as(cast.developer));
    expect(developer.result).toMatchObject({ ok: false, fieldErrors: { rateLimitPerMinute: [expect.stringContaining('At most 100')] } });
    expect(await footprint()).toEqual(before);

    const manager = await issueKey(cast.org.id, { scopes: ['keys:write'] });
    const api = await callApi('POST', '/api/v1/keys', { key: manager.secret, body: { name: 'Greedy', environment: 'test', monthlyQuota: 5_000 } });
    expect(api.status).toBe(403);
    expect(api.body.errors).toEqual({ 'body.monthlyQuota': ["At most 1,000 a month (the organization's monthly quota)"] });
  });

  it('the monthly quota is the organization’s, shared by its keys: exactly the quota is admitted under 200 concurrent requests', async () => {
    await db.update(partners).set({ monthlyQuota: 100 }).where(eq(partners.id, cast.org.id));
    const [a, b] = await Promise.all([issueKey(cast.org.id, { name: 'A' }), issueKey(cast.org.id, { name: 'B' })]);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => callApi('GET', '/api/v1/me', { key: (i % 2 ? a : b).secret })));
    const admitted = answers.filter((r) => r.status === 200).length;
    const refused = answers.filter((r) => r.status === 429);
    expect(admitted).toBe(100);
    expect(refused).toHaveLength(100);
    expect(refused[0]!.body.type).toContain('quota-exceeded');
    expect(refused[0]!.body.detail).toMatch(/Your organization's monthly quota of 100 requests is used up \(all its keys share it\)/);
    // A new key brings no fresh quota.
    const c = await issueKey(cast.org.id, { name: 'C' });
    expect((await callApi('GET', '/api/v1/me', { key: c.secret })).status).toBe(429);
  });
});

describe('5. the .env import preview is a read', () => {
  it('logs each compared secret in the access log and audits the preview', async () => {
    const created = await executeAction(createSecretSpec, { environment: 'development', name: 'API_TOKEN', value: 'guess-me' }, as(cast.partnerAdmin));
    const secretId = (created.value as { id: string }).id;
    const preview = await executeAction(previewDotenvImportSpec, { environment: 'development', content: 'API_TOKEN=guess-me\nNEW_ONE=1' }, as(cast.developer));
    expect(preview.result).toMatchObject({ ok: true, data: { unchanged: ['API_TOKEN'], add: ['NEW_ONE'] } });
    const reads = await db.select().from(accessLogs).where(eq(accessLogs.secretId, secretId));
    expect(reads.map((r) => [r.action, r.actorId])).toContainEqual(['compare', cast.developer.userId]);
    const [audit] = await db.select().from(auditLogs).where(eq(auditLogs.action, 'secret.import_preview'));
    expect(audit).toMatchObject({ actorId: cast.developer.userId, metadata: { compared: ['API_TOKEN'] } });
    // …and the preview is refused where the value may not be read: a developer and production.
    const refused = await executeAction(previewDotenvImportSpec, { environment: 'production', content: 'X=1' }, as(cast.developer));
    expect(refused.result.ok).toBe(false);
  });
});
