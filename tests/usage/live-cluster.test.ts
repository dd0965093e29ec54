import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { newId } from '@/lib/ids';
import { createLiveStream, LIVE_INSTANCE_ONLY_NOTE, liveReach, subscribeLive, type LiveBatch, type LiveSnapshot } from '@/lib/usage/live';
import { createLocalRelay, createRedisRelay, liveChannel, type LiveRelay } from '@/lib/usage/live-relay';
import { flushMetering, recordRequest } from '@/lib/usage/metering-buffer';
import type { RequestRecord } from '@/lib/usage/request-record';
import { createOrg } from '../support/fixtures';

// Redis is part of the test machine (127.0.0.1:6379); REDIS_TEST_URL points elsewhere. Without it the Redis parts are skipped.
const redisUrl = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
const redisUp = await probe.connect().then(
  () => true,
  () => false,
);

afterEach(async () => {
  await flushMetering({ untilEmpty: true });
});
afterAll(async () => {
  await probe.quit().catch(() => probe.disconnect());
});

const record = (partnerId: string): RequestRecord => ({
  requestId: newId('req'),
  partnerId,
  apiKeyId: `key_of_${partnerId}`,
  method: 'GET',
  path: '/api/v1/me',
  endpoint: '/api/v1/me',
  statusCode: 200,
  latencyMs: 2,
  ip: '198.51.100.7',
  userAgent: 'secret-agent',
  errorCode: null,
  billable: true,
  occurredAt: Date.now(),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collector(partnerId: string | null, relay: LiveRelay) {
  const batches: LiveBatch[] = [];
  const stop = subscribeLive({ partnerId }, (b) => batches.push(b), { tickMs: 20, relay });
  const events = () => batches.flatMap((b) => b.events);
  const counted = () => batches.reduce((n, b) => n + Object.values(b.counts).reduce((a, c) => a + c, 0), 0);
  return { stop, events, counted, ready: stop.ready };
}

async function until(predicate: () => boolean, ms = 1000): Promise<number> {
  const started = Date.now();
  while (!predicate() && Date.now() - started < ms) await sleep(10);
  return Date.now() - started;
}

function sseReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    text: () => text,
    async until(predicate: (text: string) => boolean, ms = 2000): Promise<string> {
      const deadline = Date.now() + ms;
      while (!predicate(text) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value);
      }
      return text;
    },
    cancel: () => reader.cancel(),
  };
}

const snapshotSent = (t: string) => /event: snapshot\ndata: .*\n\n/.test(t);
const snapshotOf = (t: string) => JSON.parse(/event: snapshot\ndata: (.*)\n/.exec(t)![1]!) as LiveSnapshot;

describe('live traffic without Redis', () => {
  it('is this instance’s only, and the stream and the page say so', async () => {
    const org = await createOrg();
    if (!process.env.REDIS_URL) expect(liveReach()).toBe('instance');
    expect(LIVE_INSTANCE_ONLY_NOTE).toContain('set REDIS_URL to see every instance');
    const relay = createLocalRelay();
    const abort = new AbortController();
    const sse = sseReader(createLiveStream({ partnerId: org.id }, { relay, signal: abort.signal, tickMs: 20 }));
    expect(snapshotOf(await sse.until(snapshotSent)).reach).toBe('instance');
    abort.abort();
    await sse.cancel();

    const mine = collector(org.id, relay);
    recordRequest(record(org.id));
    await until(() => mine.events().length === 1);
    await sleep(60);
    expect(mine.events()).toHaveLength(1);
    mine.stop();
    expect(relay.subscriberCount()).toBe(0);
  });
});

describe.skipIf(!redisUp)('live traffic across instances (Redis)', () => {
  // Instance A serves the requests (the process's metering buffer); instance B serves the streams and
  // records requests of its own through a source the test drives.
  let a: LiveRelay;
  let b: LiveRelay;
  let recordOnB: (records: RequestRecord[]) => void = () => {};
  afterEach(async () => {
    await a?.stop();
    await b?.stop();
  });
  const instances = () => {
    b = createRedisRelay(redisUrl, {
      publishMs: 20,
      source: (listener) => {
        recordOnB = listener;
        return () => (recordOnB = () => {});
      },
    });
    // A serves requests: its listener is the metering buffer's (what the runtime job starts).
    a = createRedisRelay(redisUrl, { publishMs: 20 });
    a.start();
    b.start();
  };

  it('a request recorded on A reaches a stream on B within a second, only its organization’s, never twice', async () => {
    const [x, y] = [await createOrg(), await createOrg()];
    instances();
    const onX = collector(x.id, b);
    const onY = collector(y.id, b);
    const all = collector(null, b);
    await Promise.all([onX.ready, onY.ready, all.ready]);

    const fromA = record(x.id);
    const started = Date.now();
    recordRequest(fromA); // the request path of A: a push into the buffer, the relay publishes later
    const took = await until(() => onX.events().some((e) => e.requestId === fromA.requestId));
    expect(onX.events().map((e) => e.requestId)).toContain(fromA.requestId);
    expect(took).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(1000);

    // B's own request comes back through Redis only: once, not also locally.
    const fromB = record(x.id);
    recordOnB([fromB]);
    await until(() => onX.events().some((e) => e.requestId === fromB.requestId) && all.events().length >= 2);

    // A message published twice (a retried publish) is still shown once.
    await probe.publish(liveChannel(x.id), JSON.stringify({ events: [onX.events()[0]], counts: { [String(Math.floor(fromA.occurredAt / 1000))]: 1 } }));
    await sleep(250);

    expect(
      onX
        .events()
        .map((e) => e.requestId)
        .sort(),
    ).toEqual([fromA.requestId, fromB.requestId].sort());
    expect(onX.counted()).toBe(2);
    expect(
      all
        .events()
        .map((e) => e.requestId)
        .sort(),
    ).toEqual([fromA.requestId, fromB.requestId].sort());
    expect(onY.events()).toEqual([]);
    expect(onY.counted()).toBe(0);
    expect(JSON.stringify(onX.events())).not.toContain('secret-agent');

    for (const c of [onX, onY, all]) c.stop();
    expect(b.subscriberCount()).toBe(0);
  });

  it('streams another instance’s requests over SSE, saying it covers every instance', async () => {
    const [x, y] = [await createOrg(), await createOrg()];
    instances();
    const abort = new AbortController();
    const sse = sseReader(createLiveStream({ partnerId: x.id }, { relay: b, signal: abort.signal, tickMs: 20 }));
    // The snapshot is sent once B is subscribed: what A records from then on reaches the stream.
    await sse.until(snapshotSent);
    const mine = record(x.id);
    const theirs = record(y.id);
    recordRequest(theirs);
    recordRequest(mine);
    const text = await sse.until((t) => /event: requests\ndata: .*\n\n/.test(t) && t.includes(mine.requestId));
    await sleep(150);
    await sse.until(() => false, 100);
    abort.abort();
    await sse.cancel();
    expect(snapshotOf(text).reach).toBe('cluster');
    expect(text).toContain(mine.requestId);
    expect(sse.text().split(mine.requestId).length - 1).toBe(1);
    expect(sse.text()).not.toContain(theirs.requestId);
    expect(text).not.toContain(y.id);
  });
});
