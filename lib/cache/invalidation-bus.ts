import 'server-only';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { getDatabase, type Transaction } from '@/db';
import type { DatabaseHandle } from '@/db/client';
import type { AfterCommit } from '@/db/with-transaction';
import { registerJob } from '@/lib/runtime/jobs';
import { processState } from '@/lib/runtime/process-state';

/**
 * One way for every in-memory cache of database state to follow a change: commit → notify → every
 * instance drops what changed.
 *
 * - `announce(tx, afterCommit, message)` sends `pg_notify(<channel>, message)` inside the transaction
 *   (so only a committed change is announced), and after the commit drops it from this process's cache
 *   at once and, when `REDIS_URL` is set, publishes it on the Redis channel of the same name.
 * - One listener per process (a runtime job) hears the other instances: Redis pub/sub when `REDIS_URL`
 *   is set (for deployments whose pooler cannot LISTEN), else Postgres LISTEN on every channel. Whenever
 *   it (re)connects, messages may have been missed: each channel's `missed` runs (drop everything).
 *
 * Control messages only (a key revoked, an endpoint deprecated): low volume. Per-request traffic (the
 * live view) never goes through here, nor through NOTIFY.
 */
export interface InvalidationHandlers<T> {
  /** Drops what the message names from this process's cache. */
  apply(message: T): void;
  /** Messages may have been lost (a reconnect, an unreadable payload): drop everything. */
  missed(): void;
}

export interface InvalidationChannel<T> {
  /** The Postgres NOTIFY channel and the Redis channel. */
  readonly name: string;
  /** In the transaction that makes the change. */
  announce(tx: Transaction, afterCommit: AfterCommit, message: T): Promise<void>;
}

type AnyHandlers = InvalidationHandlers<unknown>;

interface BusState {
  channels: Map<string, AnyHandlers>;
  publisher?: Redis;
  listener?: InvalidationListener;
  started?: Promise<void>;
}
const bus = () => processState<BusState>('invalidation-bus', () => ({ channels: new Map() }));

function logRedisError(error: unknown) {
  console.error('[invalidation] Redis:', (error as Error)?.message ?? error);
}

/** Declares a cache's channel (once, beside the cache). A listener already running subscribes to it too. */
export function defineInvalidationChannel<T>(name: string, handlers: InvalidationHandlers<T>): InvalidationChannel<T> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid invalidation channel name: ${name}`);
  const s = bus();
  s.channels.set(name, handlers as AnyHandlers);
  s.listener?.add(name).catch((error: unknown) => console.error(`[invalidation] could not listen on ${name}:`, (error as Error)?.message ?? error));
  return {
    name,
    async announce(tx, afterCommit, message) {
      const payload = JSON.stringify(message);
      await tx.execute(sql`select pg_notify(${name}, ${payload})`);
      afterCommit(() => {
        handlers.apply(message);
        const url = process.env.REDIS_URL;
        if (url) void redisPublisher(url).publish(name, payload).catch(logRedisError);
      });
    },
  };
}

function redisPublisher(url: string): Redis {
  const s = bus();
  if (!s.publisher) {
    s.publisher = new Redis(url, { maxRetriesPerRequest: 2 });
    s.publisher.on('error', logRedisError);
  }
  return s.publisher;
}

/** Hands a message heard from another instance to its channel's cache. */
function dispatch(name: string, payload: string): void {
  const handlers = bus().channels.get(name);
  if (!handlers) return;
  let message: unknown;
  try {
    message = JSON.parse(payload);
  } catch {
    return handlers.missed();
  }
  try {
    handlers.apply(message);
  } catch (error) {
    console.error(`[invalidation] ${name}: could not apply a message:`, (error as Error)?.message ?? error);
    handlers.missed();
  }
}

function missed(name: string): void {
  try {
    bus().channels.get(name)?.missed();
  } catch (error) {
    console.error(`[invalidation] ${name}:`, (error as Error)?.message ?? error);
  }
}

export interface InvalidationListener {
  readonly transport: 'redis' | 'postgres';
  /** Listens on every channel defined so far (and `add`s later ones). */
  start(): Promise<void>;
  add(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A listener over Redis (with `redisUrl`) or Postgres LISTEN. The process has one (`ensureInvalidationListener`);
 * tests make their own to play a second instance.
 */
export function createInvalidationListener(options: { redisUrl?: string | null; database?: () => DatabaseHandle } = {}): InvalidationListener {
  const redisUrl = options.redisUrl ?? null;
  const database = options.database ?? getDatabase;
  let subscriber: Redis | null = null;
  const unlisten = new Map<string, () => Promise<void>>();
  let running = false;

  const add = async (name: string) => {
    if (!running) return;
    if (subscriber) {
      await subscriber.subscribe(name);
      return;
    }
    if (unlisten.has(name)) return;
    unlisten.set(name, async () => {}); // taken, while LISTEN is being set up
    try {
      unlisten.set(
        name,
        await database().listen(
          name,
          (payload) => dispatch(name, payload),
          () => missed(name),
        ),
      );
    } catch (error) {
      unlisten.delete(name);
      throw error;
    }
  };

  return {
    transport: redisUrl ? 'redis' : 'postgres',
    async start() {
      running = true;
      const names = [...bus().channels.keys()];
      if (redisUrl) {
        subscriber = new Redis(redisUrl);
        subscriber.on('error', logRedisError);
        // Ready again after a reconnect (ioredis subscribes again by itself): what came meanwhile is lost.
        subscriber.on('ready', () => {
          for (const name of bus().channels.keys()) missed(name);
        });
        subscriber.on('message', (channel: string, payload: string) => dispatch(channel, payload));
        if (names.length) await subscriber.subscribe(...names);
        return;
      }
      await Promise.all(names.map(add));
    },
    add,
    async stop() {
      running = false;
      const stops = [...unlisten.values()];
      unlisten.clear();
      await Promise.allSettled(stops.map((stop) => stop()));
      const s = subscriber;
      subscriber = null;
      await s?.quit().catch(() => s.disconnect());
    },
  };
}

/** Starts this process's listener, once (the runtime does; so may a test). Failure is logged: the caches' TTLs bound staleness. */
export function ensureInvalidationListener(): Promise<void> {
  const s = bus();
  if (!s.started) {
    const listener = createInvalidationListener({ redisUrl: process.env.REDIS_URL || null });
    s.listener = listener;
    s.started = listener.start().catch(async (error) => {
      console.error('[invalidation] could not listen for other instances’ changes; relying on the caches’ TTLs:', (error as Error)?.message ?? error);
      if (s.listener === listener) {
        s.listener = undefined;
        s.started = undefined;
      }
      await listener.stop().catch(() => {});
    });
  }
  return s.started;
}

export async function stopInvalidationListener(): Promise<void> {
  const s = bus();
  const listener = s.listener;
  s.listener = undefined;
  s.started = undefined;
  await listener?.stop();
  const publisher = s.publisher;
  s.publisher = undefined;
  await publisher?.quit().catch(() => publisher.disconnect());
}

/** Every instance listens for the others' changes from the moment it starts. */
registerJob({ name: 'cache.invalidation-listener', scope: 'process', start: ensureInvalidationListener, stop: stopInvalidationListener });
