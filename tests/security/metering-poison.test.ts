import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { meteringDeadLetters, requestLogs, usageFlushes, usageLogs } from '@/db/schema';
import { flushMetering, recordRequest, unflushedRecords } from '@/lib/usage/metering-buffer';
import type { RequestRecord } from '@/lib/usage/request-record';
import { callApi } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

/**
 * Issue 12 B: one bad record must not stop metering for everyone. Poison (NUL bytes, lone surrogates,
 * megabyte strings, bogus IPs, NaN latency, invalid dates, values Postgres refuses) is sent between good
 * requests, concurrently, through the real route handlers and the buffer: every good request is counted
 * exactly once, poison is normalised or kept as a dead letter, and nothing stays in the buffer, whether
 * written by a flush or by the SIGTERM hook.
 */

type Key = Awaited<ReturnType<typeof issueKey>>;
let service: Key;

beforeAll(async () => {
  service = await issueKey((await createOrg({ name: 'Internal services' })).id, { scopes: ['keys:verify'], environment: 'live', rateLimitPerMinute: 100_000 });
});

afterEach(() => vi.restoreAllMocks());

/** A route handler called as Next.js would, with headers of our choosing (the API client fixes the user agent). */
async function rawCall(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const route = path.startsWith('/api/v1/keys/verify') ? await import('@/app/api/v1/keys/verify/route') : await import('@/app/api/v1/me/route');
  const handler = (route as unknown as Record<string, (r: Request, c: unknown) => Promise<Response>>)[method]!;
  const response = await handler(
    new Request(new URL(path, 'http://portal.test'), {
      method,
      headers: { 'x-forwarded-for': '198.51.100.10', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    }),
    { params: Promise.resolve({}) },
  );
  await response.text();
  return response.status;
}

async function usageCount(keyId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${usageLogs.requestCount}), 0)` })
    .from(usageLogs)
    .where(eq(usageLogs.apiKeyId, keyId));
  return Number(row?.n);
}

async function deadLettersOf(keyId: string) {
  const rows = await db.select().from(meteringDeadLetters);
  return rows.filter((r) => JSON.stringify(r.record).includes(keyId));
}

const verify = (body: Record<string, unknown>) => callApi('POST', '/api/v1/keys/verify', { key: service.secret, body });

function direct(key: Key, overrides: Partial<Record<keyof RequestRecord, unknown>>): RequestRecord {
  return {
    requestId: `req_direct${Math.random().toString(36).slice(2)}`,
    partnerId: key.key.partnerId,
    apiKeyId: key.key.id,
    method: 'GET',
    path: '/api/v1/me',
    endpoint: '/api/v1/me',
    statusCode: 200,
    latencyMs: 2,
    ip: null,
    userAgent: null,
    errorCode: null,
    billable: true,
    occurredAt: Date.now(),
    ...overrides,
  } as RequestRecord;
}

const megabyte = 'A'.repeat(1024 * 1024);

describe('metering with poison in the stream', () => {
  it('counts every good request once; poison is normalised or dead-lettered; nothing stays buffered', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const org = await createOrg();
    const good = await issueKey(org.id, { rateLimitPerMinute: 100_000 });
    const poisoned = await issueKey(org.id, { rateLimitPerMinute: 100_000 });

    const poisonBodies: Record<string, unknown>[] = [
      { endpoint: '/orders\u0000', ip: '10.0.0.1\u0000' },
      { endpoint: '/lone\ud800surrogate', method: 'get\u0000' },
      { endpoint: '\u0000'.repeat(300), ip: 'not-an-ip' },
      { endpoint: '/ctl\u0001\u007f\u009b', ip: '999.1.1.1', method: '\u0000\u0001' },
      { endpoint: '/ok', ip: '::ffff:203.0.113.9\u0000' },
    ];
    const directPoison: (() => RequestRecord)[] = [
      () => direct(poisoned, { latencyMs: NaN }),
      () => direct(poisoned, { latencyMs: Infinity, occurredAt: NaN }),
      () => direct(poisoned, { occurredAt: new Date('not a date').getTime() }),
      () => direct(poisoned, { occurredAt: 8.64e15 + 1, userAgent: megabyte, path: `/${megabyte}` }),
      () => direct(poisoned, { endpoint: `/e\u0000${megabyte}`, method: megabyte, errorCode: '\u0000' }),
    ];
    // Cannot be normalised (no usable identity or status): dead letters.
    const unusable = [
      direct(poisoned, { partnerId: `${poisoned.key.partnerId}\u0000` }),
      direct(poisoned, { statusCode: NaN }),
      direct(poisoned, { requestId: megabyte }),
    ];

    const work: Promise<unknown>[] = [];
    let goodSent = 0;
    // A poisoned verification is either refused at the edge (400 problem: NUL, lone surrogates) or
    // normalised and metered (200); never a 500.
    let poisonAdmitted = 0;
    for (let i = 0; i < 60; i++) {
      goodSent++;
      work.push(verify({ key: good.secret, endpoint: '/orders', method: 'GET', ip: '203.0.113.5' }).then((a) => expect(a.status).toBe(200)));
      if (i % 6 === 0)
        work.push(
          verify({ key: poisoned.secret, ...poisonBodies[(i / 6) % poisonBodies.length] }).then((a) => {
            expect([200, 400]).toContain(a.status);
            if (a.status === 200) poisonAdmitted++;
          }),
        );
      if (i % 12 === 3) {
        goodSent++;
        // A megabyte user agent on an otherwise good request.
        work.push(rawCall('GET', '/api/v1/me', { authorization: `Bearer ${good.secret}`, 'user-agent': megabyte }).then((s) => expect(s).toBe(200)));
      }
      if (i % 10 === 5) work.push(Promise.resolve().then(() => recordRequest(directPoison[((i - 5) / 10) % directPoison.length]!())));
      if (i % 20 === 7) work.push(Promise.resolve().then(() => recordRequest(unusable[(i - 7) / 20]!)));
      if (i % 15 === 0) work.push(flushMetering());
    }
    await Promise.all(work);
    await flushMetering({ untilEmpty: true });

    expect(unflushedRecords()).toHaveLength(0);
    expect(await usageCount(good.key.id)).toBe(goodSent);
    // The poisoned verifications that passed the edge and 6 direct records, all normalised and counted.
    expect(await usageCount(poisoned.key.id)).toBe(poisonAdmitted + 6);
    expect(await deadLettersOf(poisoned.key.id)).toHaveLength(3);
    const logs = await db.select().from(requestLogs).where(eq(requestLogs.apiKeyId, poisoned.key.id));
    expect(logs).toHaveLength(poisonAdmitted + 6);
    for (const log of logs) {
      expect(JSON.stringify(log)).not.toMatch(/\\u0000|[\u0000-\u001f]/);
      expect(log.path.length).toBeLessThanOrEqual(500);
      expect(log.userAgent?.length ?? 0).toBeLessThanOrEqual(300);
      expect(log.ip === null || /^[0-9a-f.:]+$/.test(log.ip)).toBe(true);
      expect(log.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(log.occurredAt.getTime() - Date.now())).toBeLessThan(120_000);
    }
    expect(errors).not.toHaveBeenCalledWith(expect.stringMatching(/dropped/));
  });

  it('a record Postgres refuses is bisected out: the good ones around it are written once, it goes to the dead letters', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const org = await createOrg();
    const k = await issueKey(org.id, { rateLimitPerMinute: 100_000 });
    // A value the edge cannot know is bad: the database refuses it (a constraint stands in for any such rule).
    await db.execute(sql`alter table request_logs add constraint refuse_poison check (path not like '%/refused-by-db%')`);
    try {
      // Recorded synchronously, so that they are in one batch: 40 good, 4 refused among them.
      for (let i = 0; i < 40; i++) {
        recordRequest(direct(k, {}));
        if (i % 10 === 0) recordRequest(direct(k, { method: 'DELETE', path: `/api/v1/keys/refused-by-db-${i}`, statusCode: 404 }));
      }
      await flushMetering({ untilEmpty: true });
    } finally {
      await db.execute(sql`alter table request_logs drop constraint refuse_poison`);
    }
    expect(unflushedRecords()).toHaveLength(0);
    const [counts] = await db
      .select({ n: sql<string>`sum(${usageLogs.requestCount})` })
      .from(usageLogs)
      .where(eq(usageLogs.apiKeyId, k.key.id));
    expect(Number(counts?.n)).toBe(40);
    const letters = await deadLettersOf(k.key.id);
    expect(letters).toHaveLength(4);
    expect(letters.every((l) => /refuse_poison/.test(l.error))).toBe(true);
    // The good halves were written under ids derived from their batch's, so a retry is recognised.
    const halves = await db
      .select()
      .from(usageFlushes)
      .where(sql`${usageFlushes.id} like '%.%'`);
    expect(halves.length).toBeGreaterThan(0);
  });

  it('the SIGTERM flush writes everything with poison in the buffer, and returns', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const org = await createOrg();
    const k = await issueKey(org.id, { rateLimitPerMinute: 100_000 });
    for (let i = 0; i < 30; i++) {
      recordRequest(direct(k, {}));
      if (i % 5 === 0) recordRequest(direct(k, { path: '/p\u0000', endpoint: '/e\u0000', ip: '\u0000', userAgent: '\ud800' }));
      if (i % 10 === 0) recordRequest(direct(k, { apiKeyId: `${k.key.id}\u0000` }));
    }
    expect(unflushedRecords().length).toBeGreaterThan(0);
    // What SIGTERM does in a server (scripts/serve.mjs runs the shutdown hooks: the runtime's stop).
    const { startRuntime, stopRuntime } = await import('@/lib/runtime/jobs');
    const { runShutdownHooks } = await import('@/lib/runtime/shutdown');
    await import('@/lib/usage/metering-jobs');
    await startRuntime({ tick: false });
    const { onShutdown } = await import('@/lib/runtime/shutdown');
    onShutdown('runtime', stopRuntime);
    const started = Date.now();
    await runShutdownHooks();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(unflushedRecords()).toHaveLength(0);
    expect(await usageCount(k.key.id)).toBe(36);
    expect(await deadLettersOf(k.key.id)).toHaveLength(3);
  });
});
