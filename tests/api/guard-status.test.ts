import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import { apiKeys, partners } from '@/db/schema';
import { INVALID_KEY_DETAIL } from '@/lib/api/authenticate-key';
import { generateApiKey } from '@/lib/keys/key-format';
import { announceKeyChange } from '@/lib/keys/key-invalidation';
import { callApi, type ApiAnswer } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

let org: { id: string; name: string };
let key: Awaited<ReturnType<typeof issueKey>>;

beforeAll(async () => {
  org = await createOrg({ name: 'Guarded Co' });
  key = await issueKey(org.id, { scopes: ['keys:write'], rateLimitPerMinute: 500 });
});

function expectProblem(answer: ApiAnswer, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toBe('application/problem+json');
  expect(answer.body).toMatchObject({ status, type: `/docs/v1/errors#${type}` });
  expect(answer.body.requestId).toMatch(/^req_/);
  expect(answer.headers.get('x-request-id')).toBe(answer.body.requestId);
  expect(typeof answer.body.title).toBe('string');
  expect(typeof answer.body.detail).toBe('string');
}

async function setKey(id: string, values: Partial<typeof apiKeys.$inferInsert>) {
  await withTransaction(db, async (tx, afterCommit) => {
    await tx.update(apiKeys).set(values).where(eq(apiKeys.id, id));
    await announceKeyChange(tx, afterCommit, { keyIds: [id] });
  });
}

async function setPartnerStatus(id: string, status: 'active' | 'pending' | 'suspended') {
  await withTransaction(db, async (tx, afterCommit) => {
    await tx.update(partners).set({ status }).where(eq(partners.id, id));
    await announceKeyChange(tx, afterCommit, { partnerId: id });
  });
}

describe('GET /api/v1/me with a good key', () => {
  it('answers 200 with the key and its organization, with request id and rate-limit headers', async () => {
    const answer = await callApi('GET', '/api/v1/me', { key: key.secret });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      key: { id: key.key.id, prefix: key.key.tokenPrefix, environment: 'test', scopes: ['keys:write'], expiresAt: null, rateLimitPerMinute: 500 },
      organization: { id: org.id, name: 'Guarded Co', status: 'active', supportTier: 'standard' },
    });
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
    expect(answer.headers.get('ratelimit-limit')).toBe('500');
    expect(Number(answer.headers.get('ratelimit-remaining'))).toBeLessThan(500);
    expect(Number(answer.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  });

  // With REDIS_URL the rate limit is shared through Redis, and every answer waits for it: the in-memory limiter only.
  it.skipIf(Boolean(process.env.REDIS_URL))('answers a cached key on a synchronous route without a promise (each one costs the guard throughput)', async () => {
    const { GET } = await import('@/app/api/v1/me/route');
    const call = () =>
      GET(new Request('http://portal.test/api/v1/me', { headers: { authorization: `Bearer ${key.secret}`, 'x-forwarded-for': '198.51.100.10' } }), {
        params: Promise.resolve({}),
      });
    await call(); // the first call may read the key from Postgres
    const answer = call();
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBe(200);
    expect((answer as Response).headers.get('ratelimit-limit')).toBe('500');
  });

  it('accepts the key in x-api-key as well', async () => {
    expect((await callApi('GET', '/api/v1/me', { key: key.secret, via: 'x-api-key' })).status).toBe(200);
  });
});

describe('the status table of DESIGN.md §4', () => {
  it('no key → 401', async () => {
    const answer = await callApi('GET', '/api/v1/me');
    expectProblem(answer, 401, 'unauthorized');
    expect(answer.body.detail).toMatch(/No API key/);
  });

  it('malformed, wrong checksum, unknown, revoked and expired keys → 401 with one and the same message', async () => {
    const unknown = generateApiKey('test').secret;
    const badChecksum = key.secret.slice(0, -1) + (key.secret.endsWith('A') ? 'B' : 'A');
    const revoked = await issueKey(org.id);
    await setKey(revoked.key.id, { revokedAt: new Date(), isActive: false });
    const expired = await issueKey(org.id);
    await setKey(expired.key.id, { expiresAt: new Date(Date.now() - 1000) });

    for (const candidate of ['not-a-key', 'pp_prod_x', badChecksum, unknown, revoked.secret, expired.secret]) {
      const answer = await callApi('GET', '/api/v1/me', { key: candidate });
      expectProblem(answer, 401, 'unauthorized');
      expect(answer.body.detail).toBe(INVALID_KEY_DETAIL);
    }
  });

  it('organization suspended or pending → 403', async () => {
    const other = await createOrg({ name: 'Soon Suspended' });
    const otherKey = await issueKey(other.id);
    expect((await callApi('GET', '/api/v1/me', { key: otherKey.secret })).status).toBe(200);
    for (const status of ['suspended', 'pending'] as const) {
      await setPartnerStatus(other.id, status);
      const answer = await callApi('GET', '/api/v1/me', { key: otherKey.secret });
      expectProblem(answer, 403, 'organization-inactive');
      expect(answer.body.detail).toContain(status);
    }
    await setPartnerStatus(other.id, 'active');
    expect((await callApi('GET', '/api/v1/me', { key: otherKey.secret })).status).toBe(200);
  });

  it('IP not in the allowlist → 403', async () => {
    const fenced = await issueKey(org.id, { ipAllowlist: ['203.0.113.0/24'] });
    expect((await callApi('GET', '/api/v1/me', { key: fenced.secret, ip: '203.0.113.77' })).status).toBe(200);
    expectProblem(await callApi('GET', '/api/v1/me', { key: fenced.secret, ip: '198.51.100.1' }), 403, 'ip-not-allowed');
  });

  it('key lacks the scope → 403', async () => {
    const noScopes = await issueKey(org.id);
    const answer = await callApi('GET', '/api/v1/keys', { key: noScopes.secret });
    expectProblem(answer, 403, 'insufficient-scope');
    expect(answer.body.detail).toContain('keys:write');
    // A key without any scope can still call /me.
    expect((await callApi('GET', '/api/v1/me', { key: noScopes.secret })).status).toBe(200);
  });

  it('rate limit exceeded → 429 with Retry-After and RateLimit headers', async () => {
    const limited = await issueKey(org.id, { rateLimitPerMinute: 3 });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await callApi('GET', '/api/v1/me', { key: limited.secret }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    const refused = answers[3]!;
    expectProblem(refused, 429, 'rate-limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(answers[2]!.headers.get('ratelimit-remaining')).toBe('0');
    expect(answers[0]!.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('bad query or body → 400 with the field errors', async () => {
    const badQuery = await callApi('GET', '/api/v1/keys?pageSize=5000&status=shiny', { key: key.secret });
    expectProblem(badQuery, 400, 'invalid-request');
    expect(Object.keys(badQuery.body.errors as object).sort()).toEqual(['query.pageSize', 'query.status']);

    const badBody = await callApi('POST', '/api/v1/keys', { key: key.secret, body: { name: '', environment: 'prod', ipAllowlist: ['300.1.1.1'] } });
    expectProblem(badBody, 400, 'invalid-request');
    expect(Object.keys(badBody.body.errors as object).sort()).toEqual(['body.environment', 'body.ipAllowlist', 'body.name']);

    const notJson = await callApi('POST', '/api/v1/keys', { key: key.secret, rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    expectProblem(notJson, 400, 'invalid-request');
    expect(notJson.body.detail).toMatch(/not valid JSON/);
  });

  it('validation runs after the key check: a stranger learns nothing of the schema', async () => {
    expectProblem(await callApi('GET', '/api/v1/keys?pageSize=5000'), 401, 'unauthorized');
  });

  it('unknown route → 404 problem+json, unknown method → 405 problem+json', async () => {
    const missing = await callApi('GET', '/api/v1/nothing/here', { key: key.secret });
    expectProblem(missing, 404, 'not-found');
    const wrongMethod = await callApi('PUT', '/api/v1/me', { key: key.secret });
    expectProblem(wrongMethod, 405, 'method-not-allowed');
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('openapi.json is public', async () => {
    const answer = await callApi('GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
