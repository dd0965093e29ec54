import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db, getDatabase, installDatabase } from '@/db';
import { connectPostgres } from '@/db/connect';
import { requestLogs, usageFlushes, usageLogs } from '@/db/schema';
import { newId } from '@/lib/ids';
import { flushMetering, unflushedRecords, writeBatch } from '@/lib/usage/metering-buffer';
import type { RequestRecord } from '@/lib/usage/request-record';
import { callApi } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

afterEach(() => {
  vi.useRealTimers();
});

async function countsByKey(keyId: string) {
  const rows = await db
    .select({ status: usageLogs.statusCode, endpoint: usageLogs.endpoint, n: sql<string>`sum(${usageLogs.requestCount})` })
    .from(usageLogs)
    .where(eq(usageLogs.apiKeyId, keyId))
    .groupBy(usageLogs.statusCode, usageLogs.endpoint);
  return Object.fromEntries(rows.map((r) => [`${r.endpoint} ${r.status}`, Number(r.n)]));
}

describe('usage metering', () => {
  it('counts every request exactly once under concurrent load, per key, endpoint and status', async () => {
    const org = await createOrg();
    const keys = await Promise.all([
      issueKey(org.id, { scopes: ['keys:write'], rateLimitPerMinute: 100_000 }),
      issueKey(org.id, { rateLimitPerMinute: 100_000 }),
      issueKey(org.id, { rateLimitPerMinute: 5 }),
    ]);
    const sent = new Map<string, Record<string, number>>();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const k = keys[i % 3]!;
      const path = i % 4 === 0 ? '/api/v1/keys' : '/api/v1/me';
      calls.push(
        callApi('GET', path, { key: k.secret }).then((answer) => {
          const endpoint = path === '/api/v1/keys' ? '/api/v1/keys' : '/api/v1/me';
          const tally = sent.get(k.key.id) ?? {};
          tally[`${endpoint} ${answer.status}`] = (tally[`${endpoint} ${answer.status}`] ?? 0) + 1;
          sent.set(k.key.id, tally);
        }),
      );
    }
    await Promise.all(calls);
    await flushMetering({ untilEmpty: true });
    for (const k of keys) expect(await countsByKey(k.key.id), k.key.keyName).toEqual(sent.get(k.key.id));
    // A mix indeed: 200s, 403s (scope) and 429s (rate limit).
    expect(Object.keys(sent.get(keys[1]!.key.id)!).sort()).toEqual(['/api/v1/keys 403', '/api/v1/me 200']);
    expect(sent.get(keys[2]!.key.id)!['/api/v1/me 429']).toBeGreaterThan(0);
    const [logged] = await db
      .select({ n: sql<string>`count(*)` })
      .from(requestLogs)
      .where(
        sql`${requestLogs.apiKeyId} in (${sql.join(
          keys.map((k) => sql`${k.key.id}`),
          sql`, `,
        )})`,
      );
    expect(Number(logged?.n)).toBe(300);
  });

  it('records the route pattern, status, latency, request id and error code of a request', async () => {
    const org = await createOrg();
    const k = await issueKey(org.id, { scopes: ['keys:write'] });
    const answer = await callApi('DELETE', '/api/v1/keys/key_nothere', { key: k.secret, ip: '203.0.113.20' });
    expect(answer.status).toBe(404);
    await flushMetering({ untilEmpty: true });
    const [row] = await db
      .select()
      .from(requestLogs)
      .where(eq(requestLogs.id, answer.headers.get('x-request-id')!));
    expect(row).toMatchObject({
      endpoint: '/api/v1/keys/{id}',
      path: '/api/v1/keys/key_nothere',
      method: 'DELETE',
      statusCode: 404,
      errorCode: 'not_found',
      ip: '203.0.113.20',
      apiKeyId: k.key.id,
      partnerId: org.id,
    });
    expect(row!.latencyMs).toBeGreaterThan(0);
  });

  it('a batch written twice (a retry after an unacknowledged COMMIT) is counted once', async () => {
    const org = await createOrg();
    const k = await issueKey(org.id);
    const record = (i: number): RequestRecord => ({
      requestId: `req_retry${i}${Date.now()}`,
      partnerId: org.id,
      apiKeyId: k.key.id,
      method: 'GET',
      path: '/api/v1/me',
      endpoint: '/api/v1/me',
      statusCode: 200,
      latencyMs: 3,
      ip: null,
      userAgent: null,
      errorCode: null,
      billable: true,
      occurredAt: Date.now(),
    });
    const batch = { id: newId('ufb'), records: [record(1), record(2), record(3)] };
    await writeBatch(batch);
    await writeBatch(batch);
    expect(await countsByKey(k.key.id)).toEqual({ '/api/v1/me 200': 3 });
    expect(await db.select().from(usageFlushes).where(eq(usageFlushes.id, batch.id))).toHaveLength(1);
  });

  it('holds what it metered through a database outage and writes it, once, when the database is back', async () => {
    const org = await createOrg();
    const k = await issueKey(org.id, { rateLimitPerMinute: 100_000 });
    for (let i = 0; i < 20; i++) expect((await callApi('GET', '/api/v1/me', { key: k.secret })).status).toBe(200);

    const real = getDatabase();
    const down = connectPostgres('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    installDatabase(down);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await flushMetering();
      await flushMetering();
      expect(unflushedRecords().filter((r) => r.apiKeyId === k.key.id)).toHaveLength(20);
      expect(errors.mock.calls.join('\n')).toMatch(/could not write .* metered requests \(kept, retrying\)/);
    } finally {
      errors.mockRestore();
      installDatabase(real);
      await down.close();
    }
    await flushMetering({ untilEmpty: true });
    expect(unflushedRecords().filter((r) => r.apiKeyId === k.key.id)).toHaveLength(0);
    expect(await countsByKey(k.key.id)).toEqual({ '/api/v1/me 200': 20 });
  });
});

describe('monthly quotas', () => {
  it('refuse at exactly the quota, with their own problem type, even for concurrent requests', async () => {
    const org = await createOrg();
    const k = await issueKey(org.id, { monthlyQuota: 7, rateLimitPerMinute: 100_000 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => callApi('GET', '/api/v1/me', { key: k.secret })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(13);
    expect(refused[0]!.body).toMatchObject({ type: '/docs/v1/errors#quota-exceeded', status: 429 });
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Refusals are metered (for the analytics) but do not count against the quota.
    await flushMetering({ untilEmpty: true });
    const [billable] = await db
      .select({ n: sql<string>`sum(${usageLogs.billableCount})` })
      .from(usageLogs)
      .where(eq(usageLogs.apiKeyId, k.key.id));
    expect(Number(billable?.n)).toBe(7);
    expect(await countsByKey(k.key.id)).toEqual({ '/api/v1/me 200': 7, '/api/v1/me 429': 13 });
  });

  it('count what was already used this month, and start again at the start of the next month (UTC)', async () => {
    const org = await createOrg();
    const k = await issueKey(org.id, { monthlyQuota: 3, rateLimitPerMinute: 100_000 });
    const now = new Date();
    const endOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 5_000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(endOfMonth);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await callApi('GET', '/api/v1/me', { key: k.secret })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    vi.setSystemTime(endOfMonth.getTime() + 10_000); // the 1st of the next month
    const next = [];
    for (let i = 0; i < 4; i++) next.push((await callApi('GET', '/api/v1/me', { key: k.secret })).status);
    expect(next).toEqual([200, 200, 200, 429]);
  });
});

describe('request_logs text', () => {
  it('stores paths and user agents with quotes, backslashes, non-ASCII and emoji exactly as recorded', async () => {
    const org = await createOrg();
    const texts = ['/api/v1/me?q="quoted"', '/api/v1/me?p=C:\\temp\\x', '/api/v1/me?name=Zoë', '/api/v1/me?e=🚀', '/api/v1/me?plain=1'];
    const records: RequestRecord[] = texts.map((path, i) => ({
      requestId: `req_text${i}${Math.random().toString(36).slice(2, 10)}`,
      partnerId: org.id,
      apiKeyId: 'key_text',
      method: 'GET',
      path,
      endpoint: '/api/v1/me',
      statusCode: 200,
      latencyMs: 1.25,
      ip: i % 2 ? '203.0.113.7' : null,
      userAgent: `agent "${i}" \\ ✓`,
      errorCode: i === 0 ? 'quota_exceeded' : null,
      billable: true,
      occurredAt: Date.now(),
    }));
    await writeBatch({ id: newId('ufb'), records });
    const rows = await db.select().from(requestLogs).where(eq(requestLogs.apiKeyId, 'key_text'));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const record of records) {
      const row = byId.get(record.requestId)!;
      expect({ path: row.path, userAgent: row.userAgent, ip: row.ip, errorCode: row.errorCode, latencyMs: row.latencyMs }).toEqual({
        path: record.path,
        userAgent: record.userAgent,
        ip: record.ip,
        errorCode: record.errorCode,
        latencyMs: record.latencyMs,
      });
    }
  });
});
