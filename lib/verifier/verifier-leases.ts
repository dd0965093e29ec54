import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, type Queryable, type Transaction } from '@/db';
import { apiKeys, partners, quotaCounters } from '@/db/schema';
import { syncedKey } from '@/lib/keys/key-sync-record';
import { monthOf, type MonthWindow, type QuotaScope } from '@/lib/usage/quota-store';
import { redisQuotaLeases } from '@/lib/usage/quota';
import { seedQuotaCounter } from '@/lib/usage/quota-postgres-store';
import type { RedisQuotaStore } from '@/lib/usage/quota-redis-store';
import type { VerifierCredential } from './verifier-credential';

/**
 * Quota leases for embedded verifiers: a block of units a verifier spends locally. A grant comes out of
 * the same `quota_counters` rows the portal's instances claim from (quota-postgres-store.ts), the key's
 * (when it has its own quota) and its organization's together, under their row locks, and is never more
 * than remains of either: however many verifiers and instances, the quota is never exceeded. Units a
 * verifier did not spend go back (`settle`).
 */
export const MAX_LEASE = 100_000;

export interface LeaseGrant {
  keyId: string;
  counter: QuotaScope;
  month: string;
  granted: number;
  /** What remains after this grant of the nearer limit (key or organization). */
  remaining: number;
  resetsAt: string;
}

type Counter = { scope: QuotaScope; ownerId: string; limit: number };

async function lockUsed(tx: Transaction, counter: Counter, month: MonthWindow): Promise<number | null> {
  const [row] = await tx
    .select({ used: quotaCounters.used })
    .from(quotaCounters)
    .where(and(eq(quotaCounters.scope, counter.scope), eq(quotaCounters.ownerId, counter.ownerId), eq(quotaCounters.month, month.key)))
    .for('update');
  return row?.used ?? null;
}

async function addUsed(tx: Transaction, counter: Counter, monthKey: string, units: number): Promise<void> {
  await tx
    .update(quotaCounters)
    .set({ used: sql`greatest(0, ${quotaCounters.used} + ${units}::bigint)`, updatedAt: new Date() })
    .where(and(eq(quotaCounters.scope, counter.scope), eq(quotaCounters.ownerId, counter.ownerId), eq(quotaCounters.month, monthKey)));
}

function countersFor(keyRow: typeof apiKeys.$inferSelect, partner: typeof partners.$inferSelect): Counter[] {
  const key = syncedKey(keyRow, partner);
  const counters: Counter[] = [];
  if (key.monthlyQuota !== null) counters.push({ scope: 'key', ownerId: key.id, limit: key.monthlyQuota });
  counters.push({ scope: 'organization', ownerId: partner.id, limit: partner.monthlyQuota });
  return counters;
}

async function countersOf(tx: Transaction, credential: VerifierCredential, keyId: string): Promise<Counter[] | null> {
  const [row] = await tx
    .select({ key: apiKeys, partner: partners })
    .from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .where(eq(apiKeys.id, keyId));
  if (!row || !credential.environments.includes(row.key.environment)) return null;
  return countersFor(row.key, row.partner);
}

export type LeaseCounter = QuotaScope;

/** The quota counters of each requested key this credential sees (keys of other environments: none). */
async function countersOfKeys(q: Queryable, credential: VerifierCredential, requests: { keyId: string }[]): Promise<Map<string, Counter[]>> {
  const rows = await q
    .select({ key: apiKeys, partner: partners })
    .from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .where(inArray(apiKeys.id, [...new Set(requests.map((r) => r.keyId))]));
  const countersOfKey = new Map<string, Counter[]>();
  for (const { key, partner } of rows) {
    if (credential.environments.includes(key.environment)) countersOfKey.set(key.id, countersFor(key, partner));
  }
  return countersOfKey;
}

/**
 * Grants up to `units` (at most MAX_LEASE) per request this month from one counter: the organization's
 * quota of the key (`organization`: one lease serves all its keys) or the key's own (`key`), all in one
 * transaction. Keys this credential does not see, and `key` for a key without a quota of its own, get no
 * grant. Each counter is locked once (keys' before organizations', in id order: two grants never lock rows
 * in opposite orders) and handed out in request order, never beyond what remains.
 */
export async function grantLeases(
  credential: VerifierCredential,
  requests: { keyId: string; counter: LeaseCounter; units: number }[],
  now = Date.now(),
): Promise<LeaseGrant[]> {
  if (requests.length === 0) return [];
  const month = monthOf(now);
  const redis = redisQuotaLeases();
  if (redis) {
    try {
      return await grantOnRedis(redis.store, credential, requests, month);
    } catch (error) {
      redis.failed(error); // as a request's quota would, the next grants come from Postgres
    }
  }
  return db.transaction(async (tx) => {
    const countersOfKey = await countersOfKeys(tx, credential, requests);
    const all = new Map<string, Counter & { used: number; added: number }>();
    const wanted = requests.flatMap((r) => {
      const counter = countersOfKey.get(r.keyId)?.find((c) => c.scope === r.counter);
      return counter ? [{ request: r, counter }] : [];
    });
    for (const { counter } of wanted) all.set(`${counter.scope}:${counter.ownerId}`, { ...counter, used: 0, added: 0 });
    const ordered = [...all.values()].sort((a, b) => (a.scope === b.scope ? a.ownerId.localeCompare(b.ownerId) : a.scope === 'key' ? -1 : 1));
    for (const counter of ordered) {
      let used = await lockUsed(tx, counter, month);
      if (used === null) {
        await seedQuotaCounter(tx, counter.scope, counter.ownerId, month);
        used = (await lockUsed(tx, counter, month)) ?? 0;
      }
      counter.used = used;
    }
    const grants: LeaseGrant[] = [];
    for (const { request, counter: which } of wanted) {
      const counter = all.get(`${which.scope}:${which.ownerId}`)!;
      const remaining = counter.limit - counter.used - counter.added;
      const granted = Math.max(0, Math.min(request.units, MAX_LEASE, remaining));
      counter.added += granted;
      grants.push({
        keyId: request.keyId,
        counter: counter.scope,
        month: month.key,
        granted,
        remaining: Math.max(0, remaining - granted),
        resetsAt: month.resetsAt.toISOString(),
      });
    }
    for (const counter of ordered) if (counter.added > 0) await addUsed(tx, counter, month.key, counter.added);
    return grants;
  });
}

/**
 * With quotas on Redis, a grant comes out of the Redis counter the portal's instances count on (one atomic
 * script per counter: never beyond what remains), so the portal's own requests and the verifiers' leases
 * share one number. The keys and limits are read from Postgres as on the other path.
 */
async function grantOnRedis(
  store: RedisQuotaStore,
  credential: VerifierCredential,
  requests: { keyId: string; counter: LeaseCounter; units: number }[],
  month: MonthWindow,
): Promise<LeaseGrant[]> {
  const countersOfKey = await countersOfKeys(db, credential, requests);
  const grants: LeaseGrant[] = [];
  // In request order, one counter at a time: each script is atomic, and two grants of one counter never
  // hand out more than remains between them.
  for (const request of requests) {
    const counter = countersOfKey.get(request.keyId)?.find((c) => c.scope === request.counter);
    if (!counter) continue;
    const { units: granted, used } = await store.lease(counter, month, Math.max(0, Math.min(request.units, MAX_LEASE)));
    grants.push({
      keyId: request.keyId,
      counter: counter.scope,
      month: month.key,
      granted,
      remaining: Math.max(0, counter.limit - used),
      resetsAt: month.resetsAt.toISOString(),
    });
  }
  return grants;
}

/** Gives back units of a lease that were not spent (of the month they were granted in). */
export async function settleLease(credential: VerifierCredential, keyId: string, counter: LeaseCounter, month: string, units: number): Promise<boolean> {
  if (units <= 0) return true;
  const redis = redisQuotaLeases();
  const current = monthOf(Date.now());
  if (redis && month === current.key) {
    const found = await db.transaction(async (tx) => (await countersOf(tx, credential, keyId))?.find((c) => c.scope === counter));
    if (!found) return false;
    try {
      await redis.store.lease(found, current, -units);
      return true;
    } catch (error) {
      redis.failed(error);
      throw error; // the verifier keeps the units and gives them back at its next try
    }
  }
  return db.transaction(async (tx) => {
    const found = (await countersOf(tx, credential, keyId))?.find((c) => c.scope === counter);
    if (!found) return false;
    await addUsed(tx, found, month, -units);
    return true;
  });
}
