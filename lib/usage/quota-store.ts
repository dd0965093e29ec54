import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { usageLogs } from '@/db/schema';
import { unflushedRecords } from './metering-buffer';
import { monthKey, startOfMonth, startOfNextMonth } from './request-record';

export type QuotaScope = 'key' | 'organization';

export interface QuotaDecision {
  allowed: boolean;
  /** Which limit refused the request (or is the nearer one when allowed). */
  scope: QuotaScope;
  limit: number;
  used: number;
  resetsAt: Date;
}

/** The calendar month (UTC) of a request. */
export interface MonthWindow {
  key: string;
  start: number;
  end: number;
  /** `startOfNextMonth`, shared by the decisions of the month: read only. */
  resetsAt: Date;
}

/** One request's question: the key's own quota (null: none) and its organization's. */
export interface QuotaRequest {
  keyId: string;
  keyLimit: number | null;
  organizationId: string;
  organizationLimit: number;
  month: MonthWindow;
}

/** Where the counts live: Redis (quota-redis-store.ts) or Postgres (quota-postgres-store.ts). */
export interface QuotaStore {
  consume(request: QuotaRequest): QuotaDecision | Promise<QuotaDecision>;
}

let currentMonth: MonthWindow = { key: '', start: 0, end: 0, resetsAt: new Date(0) };
/**
 * The calendar month (UTC) of `now`, remembered: the guard asks on every request, and a Date per
 * question (the key, `toISOString`, the reset) cost more than the counting itself.
 */
export function monthOf(now: number): MonthWindow {
  if (now >= currentMonth.start && now < currentMonth.end) return currentMonth;
  const resetsAt = startOfNextMonth(now);
  currentMonth = { key: monthKey(now), start: startOfMonth(now).getTime(), end: resetsAt.getTime(), resetsAt };
  return currentMonth;
}

/** Billable requests of this month still in this instance's metering buffer. */
export function bufferedUsage(scope: QuotaScope, ownerId: string, month: MonthWindow): number {
  let n = 0;
  for (const r of unflushedRecords()) {
    if (!r.billable || r.occurredAt < month.start || r.occurredAt >= month.end) continue;
    if (scope === 'key' ? r.apiKeyId === ownerId : r.partnerId === ownerId) n++;
  }
  return n;
}

export function ledgerFilter(scope: QuotaScope, ownerId: string, month: MonthWindow): SQL {
  const owner = scope === 'key' ? eq(usageLogs.apiKeyId, ownerId) : eq(usageLogs.partnerId, ownerId);
  return and(owner, gte(usageLogs.occurredAt, new Date(month.start)), lt(usageLogs.occurredAt, new Date(month.end)))!;
}

/** What the ledger says was used this month: billable rows of `usage_logs` plus this instance's buffer. */
export async function ledgerUsage(db: Queryable, scope: QuotaScope, ownerId: string, month: MonthWindow): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${usageLogs.billableCount}), 0)` })
    .from(usageLogs)
    .where(ledgerFilter(scope, ownerId, month));
  return Number(row?.n ?? 0) + bufferedUsage(scope, ownerId, month);
}

/** An admission, reporting the nearer of the two limits. */
export function admitted(request: QuotaRequest, keyUsed: number | null, organizationUsed: number): QuotaDecision {
  const keyLeft = request.keyLimit !== null && keyUsed !== null ? request.keyLimit - keyUsed : Infinity;
  const organizationLeft = request.organizationLimit - organizationUsed;
  return keyLeft < organizationLeft
    ? { allowed: true, scope: 'key', limit: request.keyLimit!, used: keyUsed!, resetsAt: request.month.resetsAt }
    : { allowed: true, scope: 'organization', limit: request.organizationLimit, used: organizationUsed, resetsAt: request.month.resetsAt };
}

export function refused(request: QuotaRequest, scope: QuotaScope, used: number): QuotaDecision {
  const limit = scope === 'key' ? request.keyLimit! : request.organizationLimit;
  return { allowed: false, scope, limit, used: Math.max(used, limit), resetsAt: request.month.resetsAt };
}
