import 'server-only';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { getDatabase, type Transaction } from '@/db';
import type { AfterCommit } from '@/db/with-transaction';
import { registerJob } from '@/lib/runtime/jobs';
import { processState } from '@/lib/runtime/process-state';
import { invalidateKeyCache, type KeyInvalidation } from './key-cache';

/**
 * Revocation is real: a change to a key or an organization reaches this process's cache at once
 * (after commit) and every other instance within about a second, through Postgres NOTIFY (sent in the
 * transaction, so only a committed change is announced) or Redis pub/sub when REDIS_URL is set
 * (for deployments whose pooler cannot LISTEN).
 */
export const INVALIDATION_CHANNEL = 'pp_key_invalidation';

export async function announceKeyChange(tx: Transaction, afterCommit: AfterCommit, change: KeyInvalidation): Promise<void> {
  const payload = JSON.stringify(change);
  await tx.execute(sql`select pg_notify(${INVALIDATION_CHANNEL}, ${payload})`);
  afterCommit(() => {
    invalidateKeyCache(change);
    if (process.env.REDIS_URL) void redisPublisher().publish(INVALIDATION_CHANNEL, payload).catch(logRedisError);
  });
}

function logRedisError(error: unknown) {
  console.error('[keys] Redis invalidation failed:', (error as Error).message);
}

function applyMessage(payload: string) {
  try {
    invalidateKeyCache(JSON.parse(payload) as KeyInvalidation);
  } catch {
    invalidateKeyCache({ all: true });
  }
}

interface ListenerState {
  started?: Promise<void>;
  publisher?: Redis;
}
const listenerState = () => processState<ListenerState>('key-invalidation', () => ({}));

function redisPublisher(): Redis {
  const s = listenerState();
  if (!s.publisher) {
    s.publisher = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 2 });
    s.publisher.on('error', logRedisError);
  }
  return s.publisher;
}

/** Every instance listens for the others' changes from the moment it starts (the runtime starts it). */
registerJob({ name: 'keys.invalidation-listener', scope: 'process', start: () => ensureKeyInvalidationListener() });

/** Starts listening for other instances' changes, once per process. */
export function ensureKeyInvalidationListener(): Promise<void> {
  const s = listenerState();
  s.started ??= startListening().catch((error) => {
    console.error('[keys] could not listen for key invalidations; relying on the cache TTL:', (error as Error).message);
    s.started = undefined;
  });
  return s.started;
}

async function startListening(): Promise<void> {
  // Whenever the listener (re)connects, messages may have been missed: start from an empty cache.
  const onListening = () => invalidateKeyCache({ all: true });
  if (process.env.REDIS_URL) {
    const subscriber = new Redis(process.env.REDIS_URL);
    subscriber.on('error', logRedisError);
    subscriber.on('ready', onListening);
    subscriber.on('message', (_channel: string, payload: string) => applyMessage(payload));
    await subscriber.subscribe(INVALIDATION_CHANNEL);
    return;
  }
  await getDatabase().listen(INVALIDATION_CHANNEL, applyMessage, onListening);
}
