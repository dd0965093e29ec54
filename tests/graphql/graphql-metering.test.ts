import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { requestLogs, usageLogs } from '@/db/schema';
import { flushMetering } from '@/lib/usage/metering-buffer';
import { callApi } from '../support/api-client';
import { actorOf, createOrg, createUser } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { explorerHeaders, session, sessionModuleMock } from './graphql-client';

vi.mock('@/lib/auth/session', () => sessionModuleMock());

let orgId: string;
beforeAll(async () => {
  orgId = (await createOrg()).id;
});

const batchOf = (n: number) => Array.from({ length: n }, (_, i) => ({ query: `query Op${i} { viewer { kind } }`, operationName: `Op${i}` }));

describe('metering and limits per operation', () => {
  it('10 operations in one batch count as 10 against the rate limit', async () => {
    const { secret } = await issueKey(orgId, { scopes: [], rateLimitPerMinute: 15 });
    const first = await callApi('POST', '/api/v1/graphql', { key: secret, body: batchOf(10) });
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(10);
    expect(first.headers.get('ratelimit-remaining')).toBe('5');
    const second = await callApi('POST', '/api/v1/graphql', { key: secret, body: batchOf(10) });
    expect(second.status).toBe(429);
    expect(second.body.type).toMatch(/rate-limited$/);
  });

  it('10 operations in one batch count as 10 against the monthly quota', async () => {
    const { secret } = await issueKey(orgId, { scopes: [], monthlyQuota: 15 });
    expect((await callApi('POST', '/api/v1/graphql', { key: secret, body: batchOf(10) })).status).toBe(200);
    const second = await callApi('POST', '/api/v1/graphql', { key: secret, body: batchOf(10) });
    expect(second.status).toBe(429);
    expect(second.body.type).toMatch(/quota-exceeded$/);
  });

  it('each operation is metered as a row of its own, by operation name and root fields', async () => {
    const { secret, key } = await issueKey(orgId, { scopes: ['usage:read'] });
    const answer = await callApi('POST', '/api/v1/graphql', { key: secret, body: batchOf(10) });
    expect(answer.status).toBe(200);
    const single = await callApi('POST', '/api/v1/graphql', { key: secret, body: { query: '{ viewer { kind } usage { totals { requests } } }' } });
    expect(single.status).toBe(200);
    await flushMetering({ untilEmpty: true });
    const rows = await db.select().from(requestLogs).where(eq(requestLogs.apiKeyId, key.id));
    expect(rows).toHaveLength(11);
    const endpoints = rows.map((r) => r.endpoint).sort();
    expect(endpoints).toEqual([...Array.from({ length: 10 }, (_, i) => `/api/v1/graphql#Op${i}(viewer)`), '/api/v1/graphql#(viewer,usage)'].sort());
    expect(new Set(rows.map((r) => r.id)).size).toBe(11);
    expect(rows.every((r) => r.method === 'POST' && r.path === '/api/v1/graphql' && r.statusCode === 200)).toBe(true);
    const usage = await db
      .select({ endpoint: usageLogs.endpoint, n: sql<string>`sum(${usageLogs.requestCount})` })
      .from(usageLogs)
      .where(eq(usageLogs.apiKeyId, key.id))
      .groupBy(usageLogs.endpoint);
    expect(usage).toHaveLength(11);
    expect(usage.reduce((n, r) => n + Number(r.n), 0)).toBe(11);
  });

  it('a batch over the limit is one refused request, metered once', async () => {
    const { secret, key } = await issueKey(orgId, { scopes: [] });
    expect((await callApi('POST', '/api/v1/graphql', { key: secret, body: batchOf(11) })).status).toBe(413);
    await flushMetering({ untilEmpty: true });
    const rows = await db.select().from(requestLogs).where(eq(requestLogs.apiKeyId, key.id));
    expect(rows.map((r) => [r.endpoint, r.statusCode])).toEqual([['/api/v1/graphql', 413]]);
  });

  it('a signed-in user is rate limited per operation too (600 a minute), without a key to meter', async () => {
    session.actor = await actorOf((await createUser({ org: { id: orgId, role: 'developer' } })).id);
    const first = await callApi('POST', '/api/v1/graphql', { body: batchOf(10), headers: explorerHeaders });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('600');
    expect(first.headers.get('ratelimit-remaining')).toBe('590');
    session.actor = null;
  });
});
