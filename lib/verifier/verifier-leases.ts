import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { apiKeys, partners, quotaCounters } from '@/db/schema';
import { syncedKey } from '@/lib/keys/key-sync-record';
import { monthOf, type MonthWindow, type QuotaScope } from '@/lib/usage/quota-store';
import { seedQuotaCounter } from '@/lib/usage/quota-postgres-store';
import type { VerifierCredential } from './verifier-credential';

/**
 * Quota leases for embedded verifiers: a block of units a verifier spends locally. A grant comes out of
 * the same `quota_counters` rows the portal's instances claim from (quota-postgres-store.ts), the key's
 * (when it has its own quota) and its organization's together, under their row locks, and is never more
 * than remains of either: however many verifiers and instances, the quota is never exceeded. Units a
 * verifier did not spend go back (`settle`).
 */
export const MAX_LEASE = 10_000;

export interface LeaseGrant {
  keyId: string;
  month: string;
  granted: number;
  /** What remains after this grant of the nearer limit (key or organization). */
  remaining: number;
  resetsAt: string;
}

type Counter = { scope: QuotaScope; ownerId: string; limit: number };

async function lockUsed(tx: Transaction, counter: Counter, month: MonthWindow): Promise<number> {
  const [row] = await tx
    .select({ used: quotaCounters.used })
    .from(quotaCounters)
    .where(and(eq(quotaCounters.scope, counter.scope), eq(quotaCounters.ownerId, counter.ownerId), eq(quotaCounters.month, month.key)))
    .for('update');
  return row?.used ?? 0;
}

async function addUsed(tx: Transaction, counter: Counter, monthKey: string, units: number): Promise<void> {
  await tx
    .update(quotaCounters)
    .set({ used: sql`greatest(0, ${quotaCounters.used} + ${units}::bigint)`, updatedAt: new Date() })
    .where(and(eq(quotaCounters.scope, counter.scope), eq(quotaCounters.ownerId, counter.ownerId), eq(quotaCounters.month, monthKey)));
}

async function countersOf(tx: Transaction, credential: VerifierCredential, keyId: string): Promise<Counter[] | null> {
  const [row] = await tx
    .select({ key: apiKeys, partner: partners })
    .from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .where(eq(apiKeys.id, keyId));
  if (!row || !credential.environments.includes(row.key.environment)) return null;
  const key = syncedKey(row.key, row.partner);
  const counters: Counter[] = [];
  if (key.monthlyQuota !== null) counters.push({ scope: 'key', ownerId: key.id, limit: key.monthlyQuota });
  counters.push({ scope: 'organization', ownerId: row.partner.id, limit: row.partner.monthlyQuota });
  return counters;
}

/** Grants up to `units` (at most MAX_LEASE) for the key this month: 0 when its or its organization's quota is used up. Null: no such key for this credential. */
export async function grantLease(credential: VerifierCredential, keyId: string, units: number, now = Date.now()): Promise<LeaseGrant | null> {
  const month = monthOf(now);
  return db.transaction(async (tx) => {
    const counters = await countersOf(tx, credential, keyId);
    if (!counters) return null;
    let remaining = Infinity;
    // Key before organization, always: two grants never lock the rows in opposite orders.
    for (const counter of counters) {
      await seedQuotaCounter(tx, counter.scope, counter.ownerId, month);
      remaining = Math.min(remaining, counter.limit - (await lockUsed(tx, counter, month)));
    }
    const granted = Math.max(0, Math.min(units, MAX_LEASE, remaining));
    if (granted > 0) for (const counter of counters) await addUsed(tx, counter, month.key, granted);
    return { keyId, month: month.key, granted, remaining: Math.max(0, remaining - granted), resetsAt: month.resetsAt.toISOString() };
  });
}

/** Gives back units of a lease that were not spent (of the month they were granted in). */
export async function settleLease(credential: VerifierCredential, keyId: string, month: string, units: number): Promise<boolean> {
  if (units <= 0) return true;
  return db.transaction(async (tx) => {
    const counters = await countersOf(tx, credential, keyId);
    if (!counters) return false;
    for (const counter of counters) await addUsed(tx, counter, month, -units);
    return true;
  });
}
