import 'server-only';
import { Redis } from 'ioredis';
import { registerJob } from '@/lib/runtime/jobs';
import { processState } from '@/lib/runtime/process-state';
import { every, type Repeating } from '@/lib/runtime/timers';
import { onRequestRecorded } from './metering-buffer';
import type { RequestRecord } from './request-record';

/**
 * How the live view hears about requests. Without `REDIS_URL` it hears this process's requests only
 * (`reach: 'instance'`). With it, every instance publishes its requests and every live stream hears
 * all of them (`reach: 'cluster'`):
 *
 * - Publishing: the metering buffer's listener (on the request path) only turns each normalised record
 *   (keys in paths already redacted) into a `LiveEvent` and queues it under its organization; every
 *   `PUBLISH_MS` a timer publishes one message per organization with traffic to `pp:live:<partnerId>`
 *   (the latest `EVENTS_PER_MESSAGE` events and the per-second counts of all). Nothing on the request
 *   path waits for Redis; while Redis is away the messages are dropped (live events are ephemeral).
 * - Subscribing: one Redis connection per process, subscribed to the channel of each organization some
 *   open stream of this process watches (and to the pattern `pp:live:*` while staff watch all), so an
 *   organization's events reach no one else's stream. A process's own requests come back through Redis
 *   like the others' and are never delivered locally as well: no request is shown twice.
 *
 * Per-request events never go through Postgres NOTIFY.
 */
export const LIVE_CHANNEL_PREFIX = 'pp:live:';
const PUBLISH_MS = 100;
export const EVENTS_PER_MESSAGE = 50;
// How long requests wait for a Redis connection before they are dropped from the live view.
const MAX_WAIT_MS = 5_000;

/** What the browser receives about one request: no user agent, nothing beyond the explorer's columns. */
export interface LiveEvent {
  requestId: string;
  partnerId: string;
  apiKeyId: string;
  method: string;
  path: string;
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  ip: string | null;
  occurredAt: number;
}

export function toLiveEvent(r: RequestRecord): LiveEvent {
  return {
    requestId: r.requestId,
    partnerId: r.partnerId,
    apiKeyId: r.apiKeyId,
    method: r.method,
    path: r.path.slice(0, 500),
    endpoint: r.endpoint,
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    ip: r.ip,
    occurredAt: r.occurredAt,
  };
}

/** Requests of one organization (or of the subscriber's scope): the latest events, and per-second counts of all. */
export interface LiveFeed {
  events: LiveEvent[];
  /** Epoch second → requests, including those not sent as events. */
  counts: Record<string, number>;
}

export type LiveReach = 'instance' | 'cluster';

export interface LiveSubscription {
  /** Resolves once the subscription is in place (at once without Redis). */
  ready: Promise<void>;
  stop(): void;
}

export interface LiveRelay {
  readonly reach: LiveReach;
  /** The metering listener: queues (Redis) or hands out (local) the requests this process recorded. */
  record(records: RequestRecord[]): void;
  /** Requests of one organization, or of all (`null`, staff only: the caller checked). */
  subscribe(partnerId: string | null, deliver: (feed: LiveFeed) => void): LiveSubscription;
  subscriberCount(): number;
  /** With Redis: starts publishing this process's requests (the runtime does it when the process starts). */
  start(): void;
  /** Publishes what is queued, then lets go of Redis. */
  stop(): Promise<void>;
}

export const liveChannel = (partnerId: string) => `${LIVE_CHANNEL_PREFIX}${partnerId}`;
const ALL_PATTERN = `${LIVE_CHANNEL_PREFIX}*`;

let lastWarning = 0;
function warn(message: string) {
  if (Date.now() - lastWarning < 10_000) return;
  lastWarning = Date.now();
  console.error(`[live] ${message}`);
}

function addTo(feed: LiveFeed, event: LiveEvent) {
  const second = String(Math.floor(event.occurredAt / 1000));
  feed.counts[second] = (feed.counts[second] ?? 0) + 1;
  feed.events.push(event);
  if (feed.events.length > EVENTS_PER_MESSAGE * 2) feed.events = feed.events.slice(-EVENTS_PER_MESSAGE);
}

interface Subscriber {
  partnerId: string | null;
  deliver: (feed: LiveFeed) => void;
}

/** This process's requests only: each subscriber gets those of its scope as they are recorded. */
export function createLocalRelay(): LiveRelay {
  const subscribers = new Set<Subscriber>();
  let detach: (() => void) | null = null;
  const relay: LiveRelay = {
    reach: 'instance',
    record(records) {
      for (const subscriber of subscribers) {
        const feed: LiveFeed = { events: [], counts: {} };
        for (const record of records) if (subscriber.partnerId === null || record.partnerId === subscriber.partnerId) addTo(feed, toLiveEvent(record));
        if (feed.events.length) subscriber.deliver(feed);
      }
    },
    subscribe(partnerId, deliver) {
      const subscriber = { partnerId, deliver };
      subscribers.add(subscriber);
      detach ??= onRequestRecorded((records) => relay.record(records));
      return {
        ready: Promise.resolve(),
        stop() {
          subscribers.delete(subscriber);
          if (subscribers.size === 0) {
            detach?.();
            detach = null;
          }
        },
      };
    },
    subscriberCount: () => subscribers.size,
    start() {},
    async stop() {
      subscribers.clear();
      detach?.();
      detach = null;
    },
  };
  return relay;
}

/** Every instance's requests, through Redis pub/sub (see above). */
export function createRedisRelay(
  redisUrl: string,
  options: {
    publishMs?: number;
    /** Where this instance's requests come from (the metering buffer; tests play instances of their own). */
    source?: (listener: (records: RequestRecord[]) => void) => () => void;
  } = {},
): LiveRelay {
  const source = options.source ?? onRequestRecorded;
  let queued = new Map<string, LiveFeed>();
  let publisher: Redis | null = null;
  let subscriberConnection: Redis | null = null;
  let timer: Repeating | null = null;
  let detach: (() => void) | null = null;
  // Channel (or the all-pattern) → its subscribers here, and the promise of its SUBSCRIBE.
  const byChannel = new Map<string, { subscribers: Set<Subscriber>; ready: Promise<void> }>();

  const connection = (): Redis => {
    if (!subscriberConnection) {
      subscriberConnection = new Redis(redisUrl);
      subscriberConnection.on('error', (error: Error) => warn(`Redis subscriber: ${error.message}`));
      const hand = (key: string, message: string) => {
        const entry = byChannel.get(key);
        if (!entry) return;
        let feed: LiveFeed;
        try {
          feed = JSON.parse(message) as LiveFeed;
        } catch {
          return;
        }
        for (const subscriber of entry.subscribers) subscriber.deliver(feed);
      };
      // A subscription to a channel and one to the pattern arrive as separate events: each goes to its own subscribers.
      subscriberConnection.on('message', (channel: string, message: string) => hand(channel, message));
      subscriberConnection.on('pmessage', (pattern: string, _channel: string, message: string) => hand(pattern, message));
    }
    return subscriberConnection;
  };

  const publisherConnection = (): Redis => {
    if (!publisher) {
      // No offline queue: while Redis is away nothing piles up in the client (see `publish`).
      publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      publisher.on('error', (error: Error) => warn(`Redis publisher: ${error.message}`));
    }
    return publisher;
  };

  // When the queue started filling: while Redis is not connected it waits, a few seconds at most.
  let queuedSince = 0;
  const publish = async () => {
    if (!queued.size) return;
    const p = publisherConnection();
    if (p.status !== 'ready') {
      if (Date.now() - queuedSince > MAX_WAIT_MS) {
        warn(`Redis is not connected (${p.status}): live traffic of ${queued.size} organizations dropped`);
        queued = new Map();
      }
      return;
    }
    const batch = queued;
    queued = new Map();
    await Promise.all(
      [...batch].map(([partnerId, feed]) =>
        p
          .publish(liveChannel(partnerId), JSON.stringify({ events: feed.events.slice(-EVENTS_PER_MESSAGE), counts: feed.counts } satisfies LiveFeed))
          .catch((error: Error) => warn(`could not publish live traffic: ${error.message}`)),
      ),
    );
  };

  const relay: LiveRelay = {
    reach: 'cluster',
    record(records) {
      if (!queued.size) queuedSince = Date.now();
      for (const record of records) {
        let feed = queued.get(record.partnerId);
        if (!feed) queued.set(record.partnerId, (feed = { events: [], counts: {} }));
        addTo(feed, toLiveEvent(record));
      }
    },
    subscribe(partnerId, deliver) {
      relay.start(); // this process's requests are published even if the runtime did not start it
      const subscriber = { partnerId, deliver };
      const key = partnerId === null ? ALL_PATTERN : liveChannel(partnerId);
      let entry = byChannel.get(key);
      if (!entry) {
        const redis = connection();
        const ready = (partnerId === null ? redis.psubscribe(key) : redis.subscribe(key)).then(
          () => {},
          (error: Error) => warn(`could not subscribe to live traffic: ${error.message}`),
        );
        byChannel.set(key, (entry = { subscribers: new Set(), ready }));
      }
      entry.subscribers.add(subscriber);
      const current = entry;
      return {
        ready: current.ready,
        stop() {
          current.subscribers.delete(subscriber);
          if (current.subscribers.size > 0 || byChannel.get(key) !== current) return;
          byChannel.delete(key);
          const redis = subscriberConnection;
          if (!redis) return;
          void (partnerId === null ? redis.punsubscribe(key) : redis.unsubscribe(key)).catch(() => {});
        },
      };
    },
    subscriberCount: () => [...byChannel.values()].reduce((n, e) => n + e.subscribers.size, 0),
    start() {
      detach ??= source((records) => relay.record(records));
      publisherConnection(); // connected before the first request needs it
      timer ??= every(options.publishMs ?? PUBLISH_MS, publish, { name: 'live traffic publish' });
    },
    async stop() {
      timer?.stop();
      timer = null;
      detach?.();
      detach = null;
      await publish().catch(() => {});
      byChannel.clear();
      const connections = [publisher, subscriberConnection];
      publisher = subscriberConnection = null;
      await Promise.all(connections.map((c) => c?.quit().catch(() => c.disconnect())));
    },
  };
  return relay;
}

/** This process's relay: through Redis when `REDIS_URL` is set. */
export function liveRelay(): LiveRelay {
  return processState<LiveRelay>('live-relay', () => (process.env.REDIS_URL ? createRedisRelay(process.env.REDIS_URL) : createLocalRelay()));
}

/** Every instance publishes its requests from the moment it starts (viewers may be on another instance). */
registerJob({ name: 'usage.live-relay', scope: 'process', start: () => liveRelay().start(), stop: () => liveRelay().stop() });
