import 'server-only';
import type { Transaction } from '@/db';
import type { AfterCommit } from '@/db/with-transaction';
import { defineInvalidationChannel, ensureInvalidationListener } from '@/lib/cache/invalidation-bus';
import { invalidateKeyCache, type KeyInvalidation } from './key-cache';
import { logKeyChanges } from './key-change-log';

/**
 * Revocation is real: a change to a key or an organization reaches this process's cache at once
 * (after commit) and every other instance within about a second, through the invalidation bus
 * (Postgres NOTIFY sent in the transaction, or Redis pub/sub when REDIS_URL is set). The same call
 * writes the change to the verifiers' change log (key-change-log.ts), in the same transaction.
 */
const keyChannel = defineInvalidationChannel<KeyInvalidation>('pp_key_invalidation', {
  apply: (change) => invalidateKeyCache(change ?? { all: true }),
  missed: () => invalidateKeyCache({ all: true }),
});

export const INVALIDATION_CHANNEL = keyChannel.name;

export async function announceKeyChange(tx: Transaction, afterCommit: AfterCommit, change: KeyInvalidation): Promise<void> {
  await logKeyChanges(tx, change, afterCommit);
  await keyChannel.announce(tx, afterCommit, change);
}

/** Starts listening for other instances' changes, once per process (the runtime does it at start). */
export const ensureKeyInvalidationListener = ensureInvalidationListener;
