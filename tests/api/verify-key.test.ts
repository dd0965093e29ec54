import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import { apiKeys } from '@/db/schema';
import { generateApiKey } from '@/lib/keys/key-format';
import { announceKeyChange } from '@/lib/keys/key-invalidation';
import { callApi } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

let service: Awaited<ReturnType<typeof issueKey>>;
let partnerOrg: { id: string };

beforeAll(async () => {
  service = await issueKey((await createOrg({ name: 'Internal services' })).id, { scopes: ['keys:verify'], environment: 'live', rateLimitPerMinute: 10_000 });
  partnerOrg = await createOrg({ name: 'Verified Partner' });
});

const verify = (body: Record<string, unknown>, key = service.secret) => callApi('POST', '/api/v1/keys/verify', { key, body });

describe('POST /api/v1/keys/verify', () => {
  it('answers VALID with the org, scopes and rate-limit state, and counts against the key’s limit', async () => {
    const partnerKey = await issueKey(partnerOrg.id, { scopes: ['catalog:read'], rateLimitPerMinute: 2 });
    const first = await verify({ key: partnerKey.secret, scope: 'catalog:read', endpoint: '/orders', method: 'GET' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      valid: true,
      code: 'VALID',
      keyId: partnerKey.key.id,
      scopes: ['catalog:read'],
      organization: { id: partnerOrg.id, name: 'Verified Partner' },
      ratelimit: { limit: 2, remaining: 1 },
    });
    expect((await verify({ key: partnerKey.secret })).body).toMatchObject({ valid: true, ratelimit: { remaining: 0 } });
    expect((await verify({ key: partnerKey.secret })).body).toMatchObject({ valid: false, code: 'RATE_LIMITED' });
    // The same limit applies when the partner calls the API itself.
    expect((await callApi('GET', '/api/v1/me', { key: partnerKey.secret })).status).toBe(429);
  });

  it('gives a reason code for each kind of refusal', async () => {
    const revoked = await issueKey(partnerOrg.id);
    const expired = await issueKey(partnerOrg.id);
    const fenced = await issueKey(partnerOrg.id, { ipAllowlist: ['192.0.2.1'] });
    await withTransaction(db, async (tx, afterCommit) => {
      await tx.update(apiKeys).set({ revokedAt: new Date(), isActive: false }).where(eq(apiKeys.id, revoked.key.id));
      await tx
        .update(apiKeys)
        .set({ expiresAt: new Date(Date.now() - 60_000) })
        .where(eq(apiKeys.id, expired.key.id));
      await announceKeyChange(tx, afterCommit, { keyIds: [revoked.key.id, expired.key.id] });
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ key: 'garbage' }, 'NOT_FOUND'],
      [{ key: generateApiKey('live').secret }, 'NOT_FOUND'],
      [{ key: revoked.secret }, 'REVOKED'],
      [{ key: expired.secret }, 'EXPIRED'],
      [{ key: fenced.secret, ip: '192.0.2.2' }, 'IP_NOT_ALLOWED'],
      [{ key: fenced.secret, ip: '192.0.2.1', scope: 'secrets:read' }, 'INSUFFICIENT_SCOPE'],
    ];
    for (const [body, code] of cases) expect((await verify(body)).body, code).toMatchObject({ valid: false, code });
  });

  it('needs the keys:verify scope', async () => {
    const partnerKey = await issueKey(partnerOrg.id, { scopes: ['keys:write'] });
    expect((await verify({ key: partnerKey.secret }, partnerKey.secret)).status).toBe(403);
  });
});
