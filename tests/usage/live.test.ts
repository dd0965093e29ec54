import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { requestLogs } from '@/db/schema';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { createLiveStream, resolveLiveScope, subscribeLive, type LiveBatch, type LiveSnapshot } from '@/lib/usage/live';
import { liveRelay } from '@/lib/usage/live-relay';
import { flushMetering, recordRequest } from '@/lib/usage/metering-buffer';
import type { RequestRecord } from '@/lib/usage/request-record';
import { actorOf, createCast, createOrg, createUser } from '../support/fixtures';

afterEach(async () => {
  await flushMetering({ untilEmpty: true });
});

const record = (partnerId: string, statusCode = 200): RequestRecord => ({
  requestId: newId('req'),
  partnerId,
  apiKeyId: `key_of_${partnerId}`,
  method: 'GET',
  path: '/api/v1/me',
  endpoint: '/api/v1/me',
  statusCode,
  latencyMs: 2,
  ip: '198.51.100.7',
  userAgent: 'secret-agent',
  errorCode: null,
  billable: true,
  occurredAt: Date.now(),
});

const listenerCount = () => liveRelay().subscriberCount();

async function collect(scope: ReturnType<typeof resolveLiveScope>, send: () => void): Promise<LiveBatch[]> {
  const batches: LiveBatch[] = [];
  const stop = subscribeLive(scope, (b) => batches.push(b), { tickMs: 20 });
  send();
  await new Promise((r) => setTimeout(r, 80));
  stop();
  return batches;
}

describe('live traffic', () => {
  it('applies the pages’ policy: 401 signed out, a foreign organization is a 404, staff choose', async () => {
    const cast = await createCast();
    const other = await createOrg();
    expect(() => resolveLiveScope(null)).toThrow(UnauthenticatedError);
    expect(resolveLiveScope(cast.developer)).toEqual({ partnerId: cast.org.id });
    expect(resolveLiveScope(cast.partnerAdmin, cast.org.id)).toEqual({ partnerId: cast.org.id });
    expect(() => resolveLiveScope(cast.partnerAdmin, other.id)).toThrow(NotFoundError);
    expect(() => resolveLiveScope(cast.developer, other.id)).toThrow(NotFoundError);
    expect(resolveLiveScope(cast.support)).toEqual({ partnerId: null });
    expect(resolveLiveScope(cast.admin, other.id)).toEqual({ partnerId: other.id });
  });

  it('never delivers another organization’s events to a partner; staff with a filter get only that organization’s', async () => {
    const cast = await createCast();
    const other = await createOrg();
    const otherUser = await actorOf((await createUser({ org: { id: other.id, role: 'developer' } })).id);
    const mixed = () => {
      for (let i = 0; i < 5; i++) {
        recordRequest(record(cast.org.id));
        recordRequest(record(other.id, 500));
      }
    };

    const own = (await collect(resolveLiveScope(cast.developer), mixed)).flatMap((b) => b.events);
    expect(own).toHaveLength(5);
    expect(own.every((e) => e.partnerId === cast.org.id)).toBe(true);
    expect(JSON.stringify(own)).not.toContain('secret-agent');

    const theirs = (await collect(resolveLiveScope(otherUser), mixed)).flatMap((b) => b.events);
    expect(theirs).toHaveLength(5);
    expect(theirs.every((e) => e.partnerId === other.id)).toBe(true);

    const filtered = await collect(resolveLiveScope(cast.support, other.id), mixed);
    expect(filtered.flatMap((b) => b.events).every((e) => e.partnerId === other.id)).toBe(true);
    expect(filtered.reduce((n, b) => n + Object.values(b.counts).reduce((a, c) => a + c, 0), 0)).toBe(5);

    const all = (await collect(resolveLiveScope(cast.admin), mixed)).flatMap((b) => b.events);
    expect(new Set(all.map((e) => e.partnerId))).toEqual(new Set([cast.org.id, other.id]));
  });

  it('streams a snapshot and batches of the organization only, with heartbeats, and lets go on abort', async () => {
    const cast = await createCast();
    const other = await createOrg();
    const base = { apiKeyId: 'key_x', method: 'GET', path: '/api/v1/me', endpoint: '/api/v1/me', statusCode: 200, latencyMs: 1, occurredAt: new Date() };
    await db.insert(requestLogs).values([
      { ...base, id: newId('req'), partnerId: cast.org.id },
      { ...base, id: newId('req'), partnerId: other.id },
    ]);
    const before = listenerCount();
    const abort = new AbortController();
    const stream = createLiveStream(resolveLiveScope(cast.partnerAdmin), { signal: abort.signal, tickMs: 20, heartbeatMs: 30 });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (predicate: () => boolean) => {
      while (!predicate()) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil(() => text.includes('event: snapshot'));
    await readUntil(() => /event: snapshot\ndata: .*\n\n/.test(text));
    expect(listenerCount()).toBe(before + 1);
    recordRequest(record(other.id));
    recordRequest(record(cast.org.id));
    await readUntil(() => text.includes('event: requests') && text.includes(': heartbeat'));
    await readUntil(() => /event: requests\ndata: .*\n\n/.test(text));

    const snapshot = JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(text)![1]!) as LiveSnapshot;
    expect(snapshot.recent.length).toBeGreaterThan(0);
    expect(snapshot.recent.every((e) => e.partnerId === cast.org.id)).toBe(true);
    const batches = [...text.matchAll(/event: requests\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!) as LiveBatch);
    expect(batches.flatMap((b) => b.events).every((e) => e.partnerId === cast.org.id)).toBe(true);
    expect(text).not.toContain(other.id);
    expect(batches.flatMap((b) => b.events).every((e) => 'keyPrefix' in e)).toBe(true);

    abort.abort();
    await readUntil(() => false);
    expect(listenerCount()).toBe(before);
  });
});
