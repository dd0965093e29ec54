import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Transaction } from '@/db';
import type { AfterCommit } from '@/db/with-transaction';
import { apiKeys, partners, verifierChanges } from '@/db/schema';
import { defineInvalidationChannel } from '@/lib/cache/invalidation-bus';
import { processState } from '@/lib/runtime/process-state';
import type { KeyInvalidation } from './key-cache';
import { syncedKey, syncedOrganization } from './key-sync-record';

/**
 * The change log embedded verifiers follow (`verifier_changes`, a transactional outbox). Every change to a
 * key or an organization that the guard would notice passes through `announceKeyChange` (or `createApiKey`),
 * and both write here in the same transaction: a committed change is always in the log, a rolled-back one
 * never. Rows hold the entity's state after the change, read inside the transaction.
 *
 * Writers take one transaction-scoped advisory lock before they take a `seq`, so rows commit in `seq`
 * order: a reader that has seen `seq` n has seen everything before it (a plain bigserial can commit 12
 * before 11, and a reader past 12 would skip 11 for ever). Key changes are rare; the lock is held from the
 * log write to the commit.
 *
 * The NOTIFY (or Redis publish) that follows only wakes the change streams; the log is the truth and the
 * streams also read it every second.
 */
const LOG_LOCK = 0x7665_7269; // 'veri'

interface WakeState {
  waiters: Set<() => void>;
  latest: number;
}
const wakeState = () => processState<WakeState>('verifier-change-wake', () => ({ waiters: new Set(), latest: 0 }));

function wake(seq?: number): void {
  const s = wakeState();
  if (typeof seq === 'number' && seq > s.latest) s.latest = seq;
  const waiters = [...s.waiters];
  s.waiters.clear();
  for (const waiter of waiters) waiter();
}

const changeChannel = defineInvalidationChannel<{ seq: number }>('pp_verifier_changes', {
  apply: (message) => wake(message?.seq),
  missed: () => wake(),
});

/** Resolves at the next change announced in this process or heard from another, or after `ms`. */
export function waitForKeyChange(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const s = wakeState();
    const done = () => {
      clearTimeout(timer);
      s.waiters.delete(done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    s.waiters.add(done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

type Row = { kind: 'key' | 'organization' | 'reset'; entityId: string; payload: Record<string, unknown> };

/**
 * Writes the log rows for a change (the keys named, the organization named, or a reset for `all`) and
 * wakes the change streams after the commit (`afterCommit`), or at once through NOTIFY only.
 */
export async function logKeyChanges(tx: Transaction, change: KeyInvalidation, afterCommit?: AfterCommit): Promise<void> {
  const rows: Row[] = [];
  if (change.all) rows.push({ kind: 'reset', entityId: '*', payload: {} });
  if (change.partnerId !== undefined) {
    const [organization] = await tx.select().from(partners).where(eq(partners.id, change.partnerId));
    if (organization) rows.push({ kind: 'organization', entityId: organization.id, payload: { organization: syncedOrganization(organization) } });
  }
  if (change.keyIds?.length) {
    const found = await tx
      .select({ key: apiKeys, partner: partners })
      .from(apiKeys)
      .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
      .where(inArray(apiKeys.id, change.keyIds));
    // The organization travels with the key: a verifier may not have heard of a new organization yet.
    for (const { key, partner } of found)
      rows.push({ kind: 'key', entityId: key.id, payload: { key: syncedKey(key, partner), organization: syncedOrganization(partner) } });
  }
  if (!rows.length) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${LOG_LOCK})`);
  const written = await tx.insert(verifierChanges).values(rows).returning({ seq: verifierChanges.seq });
  const seq = Math.max(...written.map((r) => r.seq));
  if (afterCommit) await changeChannel.announce(tx, afterCommit, { seq });
  else await tx.execute(sql`select pg_notify(${changeChannel.name}, ${JSON.stringify({ seq })})`);
}
