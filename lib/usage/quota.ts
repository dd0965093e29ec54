import 'server-only';
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { usageLogs } from '@/db/schema';
import type { KeyRecord } from '@/lib/keys/key-record';
import { unflushedRecords } from './metering-buffer';
import { monthKey, startOfMonth, startOfNextMonth } from './request-record';

/**
 * Monthly quotas (calendar month, UTC): the key's own, when it has one, and its organization's, which
 * all the organization's keys share. Each count is loaded once per process and month from `usage_logs`
 * plus what is still in the metering buffer, then kept in memory: an admitted request adds one to both
 * before its handler runs, so concurrent requests cannot overshoot. Every 15 s a count is raised to
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

type Scope = { kind: 'key'; id: string } | { kind: 'organization'; id: string };

const holder = globalThis as typeof globalThis & { __partnerPortalQuota?: Map<string, Counter> };
const counters = (): Map<string, Counter> => (holder.__partnerPortalQuota ??= new Map());

export interface QuotaDecision {
  allowed: boolean;
  /** Which limit refused the request (or is the nearer one when allowed). */
  scope: 'key' | 'organization';
  limit: number;
  used: number;
  resetsAt: Date;
}

/** Billable requests of the key or organization this month: the database's count plus the buffer's. */
async function countMonthlyUsage(scope: Scope, now: number): Promise<number> {
  const month = monthKey(now);
  const owner: SQL = scope.kind === 'key' ? eq(usageLogs.apiKeyId, scope.id) : eq(usageLogs.partnerId, scope.id);
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${usageLogs.billableCount}), 0)` })
    .from(usageLogs)
    .where(and(owner, gte(usageLogs.occurredAt, startOfMonth(now)), lt(usageLogs.occurredAt, startOfNextMonth(now))));
  const buffered = unflushedRecords().filter(
    (r) => r.billable && monthKey(r.occurredAt) === month && (scope.kind === 'key' ? r.apiKeyId === scope.id : r.partnerId === scope.id),
  ).length;
  return Number(row?.n ?? 0) + buffered;
}

/** Billable requests of the key this month (the database's count plus the buffer's). */
export function countKeyMonthlyUsage(keyId: string, now = Date.now()): Promise<number> {
  return countMonthlyUsage({ kind: 'key', id: keyId }, now);
}

/**
 * The calendar month (UTC) of `now`, remembered: the guard asks on every request, and a Date per
 * question (the key, `toISOString`, the reset) cost more than the counting itself.
 */
interface MonthWindow {
  key: string;
  start: number;
  end: number;
  /** `startOfNextMonth`, shared by the decisions of the month: read only. */
  resetsAt: Date;
}
let currentMonth: MonthWindow = { key: '', start: 0, end: 0, resetsAt: new Date(0) };
function monthOf(now: number): MonthWindow {
  if (now >= currentMonth.start && now < currentMonth.end) return currentMonth;
  const resetsAt = startOfNextMonth(now);
  currentMonth = { key: monthKey(now), start: startOfMonth(now).getTime(), end: resetsAt.getTime(), resetsAt };
  return currentMonth;
}

// The counters' ids per key record (`key:…`, `organization:…`), made once per cached record.
const counterIds = new WeakMap<KeyRecord, { key: string; organization: string }>();
function idsOf(key: KeyRecord): { key: string; organization: string } {
  let ids = counterIds.get(key);
  if (!ids) counterIds.set(key, (ids = { key: `key:${key.id}`, organization: `organization:${key.partnerId}` }));
  return ids;
}

function counterFor(kind: Scope['kind'], scopeId: string, id: string, now: number, month: string): Counter {
  let counter = counters().get(id);
  if (!counter || counter.month !== month) {
    const scope: Scope = { kind, id: scopeId };
    const fresh: Counter = { month, used: 0, syncedAt: now };
    fresh.loading = countMonthlyUsage(scope, now)
      .then((used) => {
        fresh.used += used;
        fresh.loading = undefined;
      })
      .catch((error) => {
        counters().delete(id);
        throw error;
      });
    counters().set(id, fresh);
    counter = fresh;
  }
  if (now - counter.syncedAt > RESYNC_MS && !counter.resyncing && !counter.loading) resync({ kind, id: scopeId }, counter, now);
  return counter;
}

function resync(scope: Scope, counter: Counter, now: number) {
  counter.resyncing = true;
  countMonthlyUsage(scope, now)
    .then((stored) => {
      if (counter.month === monthKey(now)) counter.used = Math.max(counter.used, stored);
      counter.syncedAt = Date.now();
    })
    .catch(() => {})
    .finally(() => {
      counter.resyncing = false;
    });
}

/** Both limits are checked before either count moves: a request refused by one is counted by neither. */
function decide(keyCounter: Counter | null, orgCounter: Counter, key: KeyRecord, resetsAt: Date): QuotaDecision {
  if (keyCounter && key.monthlyQuota !== null && keyCounter.used >= key.monthlyQuota) {
    return { allowed: false, scope: 'key', limit: key.monthlyQuota, used: keyCounter.used, resetsAt };
  }
  if (orgCounter.used >= key.organizationMonthlyQuota) {
    return { allowed: false, scope: 'organization', limit: key.organizationMonthlyQuota, used: orgCounter.used, resetsAt };
  }
  orgCounter.used++;
  if (keyCounter) keyCounter.used++;
  const keyLeft = keyCounter && key.monthlyQuota !== null ? key.monthlyQuota - keyCounter.used : Infinity;
  const orgLeft = key.organizationMonthlyQuota - orgCounter.used;
  return keyLeft < orgLeft
    ? { allowed: true, scope: 'key', limit: key.monthlyQuota!, used: keyCounter!.used, resetsAt }
    : { allowed: true, scope: 'organization', limit: key.organizationMonthlyQuota, used: orgCounter.used, resetsAt };
}

/** Admits and counts one request, or refuses it at the key's or the organization's quota. Synchronous once both counts are loaded. */
export function consumeQuota(key: KeyRecord, now = Date.now()): QuotaDecision | Promise<QuotaDecision> {
  const month = monthOf(now);
  const ids = idsOf(key);
  const keyCounter = key.monthlyQuota === null ? null : counterFor('key', key.id, ids.key, now, month.key);
  const orgCounter = counterFor('organization', key.partnerId, ids.organization, now, month.key);
  if (keyCounter?.loading || orgCounter.loading) {
    return Promise.all([keyCounter?.loading, orgCounter.loading]).then(() => consumeQuota(key, now));
  }
  return decide(keyCounter, orgCounter, key, month.resetsAt);
}
