import 'server-only';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { db } from '@/db';
import { usageLogs } from '@/db/schema';
import type { KeyRecord } from '@/lib/keys/key-record';
import { unflushedRecords } from './metering-buffer';
import { monthKey, startOfMonth, startOfNextMonth } from './request-record';

/**
 * Monthly quotas (calendar month, UTC). A key's count is loaded once per process and month from
 * `usage_logs` plus what is still in the metering buffer, then kept in memory: each admitted request
 * adds one before its handler runs, so concurrent requests cannot overshoot. Every 15 s it is raised to
 * what the database says, for the requests other instances served.
 */
const RESYNC_MS = 15_000;

interface Counter {
  month: string;
  used: number;
  syncedAt: number;
  loading?: Promise<void>;
  resyncing?: boolean;
}

const holder = globalThis as typeof globalThis & { __partnerPortalQuota?: Map<string, Counter> };
const counters = (): Map<string, Counter> => (holder.__partnerPortalQuota ??= new Map());

export interface QuotaDecision {
  allowed: boolean;
  limit: number;
  used: number;
  resetsAt: Date;
}

/** Billable requests of the key this month: the database's count plus the buffer's. */
export async function countMonthlyUsage(keyId: string, now = Date.now()): Promise<number> {
  const month = monthKey(now);
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${usageLogs.billableCount}), 0)` })
    .from(usageLogs)
    .where(and(eq(usageLogs.apiKeyId, keyId), gte(usageLogs.occurredAt, startOfMonth(now)), lt(usageLogs.occurredAt, startOfNextMonth(now))));
  const buffered = unflushedRecords().filter((r) => r.apiKeyId === keyId && r.billable && monthKey(r.occurredAt) === month).length;
  return Number(row?.n ?? 0) + buffered;
}

function decide(counter: Counter, key: KeyRecord, now: number): QuotaDecision {
  const resetsAt = startOfNextMonth(now);
  if (counter.used >= key.monthlyQuota) return { allowed: false, limit: key.monthlyQuota, used: counter.used, resetsAt };
  counter.used++;
  if (now - counter.syncedAt > RESYNC_MS && !counter.resyncing) resync(key.id, counter, now);
  return { allowed: true, limit: key.monthlyQuota, used: counter.used, resetsAt };
}

function resync(keyId: string, counter: Counter, now: number) {
  counter.resyncing = true;
  countMonthlyUsage(keyId, now)
    .then((stored) => {
      if (counter.month === monthKey(now)) counter.used = Math.max(counter.used, stored);
      counter.syncedAt = Date.now();
    })
    .catch(() => {})
    .finally(() => {
      counter.resyncing = false;
    });
}

/** Admits and counts one request, or refuses it at the quota. Synchronous once the key's count is loaded. */
export function consumeQuota(key: KeyRecord, now = Date.now()): QuotaDecision | Promise<QuotaDecision> {
  const month = monthKey(now);
  let counter = counters().get(key.id);
  if (!counter || counter.month !== month) {
    counter = { month, used: 0, syncedAt: now };
    const loading = countMonthlyUsage(key.id, now).then((used) => {
      counter!.used += used;
      counter!.loading = undefined;
    });
    counter.loading = loading.catch((error) => {
      counters().delete(key.id);
      throw error;
    });
    counters().set(key.id, counter);
  }
  if (counter.loading) {
    const c = counter;
    return c.loading!.then(() => decide(c, key, now));
  }
  return decide(counter, key, now);
}
