import 'server-only';
import { and, eq, gte, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import { db as defaultDb, type Queryable } from '@/db';
import { alerts, apiKeys, partners, usageLogs, type AlertKind } from '@/db/schema';
import { formatCount } from './alert-format';
import { newAlertId } from './alert-id';
import { notifyAlert } from './deliver-webhook';
import { startOfMonth, startOfNextMonth } from '@/lib/usage/request-record';

/** The rules' constants: change them here. Windows are counted on the per-minute usage_logs. */
export const ALERT_RULES = {
  windowMinutes: 5,
  trailingMinutes: 60,
  spikeFactor: 3,
  spikeMinRequests: 100,
  errorRateThreshold: 0.2,
  errorRateMinRequests: 50,
  quotaWarningShare: 0.8,
} as const;

interface Condition {
  partnerId: string;
  apiKeyId: string | null;
  kind: AlertKind;
  message: string;
}

/** "Key pp_test_AbC123: " for a key's alert; nothing for the organization's. */
const subject = (row: { apiKeyId: string | null; keyPrefix: string | null }) => (row.apiKeyId ? `Key ${row.keyPrefix ?? row.apiKeyId}: ` : 'Organization ');

const conditionKey = (c: { partnerId: string; apiKeyId: string | null; kind: string }) => `${c.partnerId}\u0000${c.apiKeyId ?? ''}\u0000${c.kind}`;

/** Traffic spike and error rate over the last five minutes, per organization and per key. */
async function rateConditions(db: Queryable, now: number): Promise<Condition[]> {
  return [...(await rateConditionsBy(db, now, 'organization')), ...(await rateConditionsBy(db, now, 'key'))];
}

async function rateConditionsBy(db: Queryable, now: number, per: 'organization' | 'key'): Promise<Condition[]> {
  const rules = ALERT_RULES;
  const recentStart = new Date(now - rules.windowMinutes * 60_000);
  const trailingStart = new Date(recentStart.getTime() - rules.trailingMinutes * 60_000);
  // A raw parameter inside sql``: an ISO string, which both drivers bind (postgres.js refuses a Date there).
  const recentFrom = sql`${recentStart.toISOString()}::timestamptz`;
  const rows = await db
    .select({
      partnerId: usageLogs.partnerId,
      apiKeyId: per === 'key' ? usageLogs.apiKeyId : sql<string | null>`null`,
      keyPrefix: per === 'key' ? sql<string | null>`min(${apiKeys.tokenPrefix})` : sql<string | null>`null`,
      recent: sql<string>`coalesce(sum(${usageLogs.requestCount}) filter (where ${usageLogs.occurredAt} >= ${recentFrom}), 0)`,
      recentErrors: sql<string>`coalesce(sum(${usageLogs.requestCount}) filter (where ${usageLogs.occurredAt} >= ${recentFrom} and ${usageLogs.statusCode} >= 400), 0)`,
      trailing: sql<string>`coalesce(sum(${usageLogs.requestCount}) filter (where ${usageLogs.occurredAt} < ${recentFrom}), 0)`,
    })
    .from(usageLogs)
    .leftJoin(apiKeys, per === 'key' ? eq(apiKeys.id, usageLogs.apiKeyId) : sql`false`)
    .where(and(gte(usageLogs.occurredAt, trailingStart), lte(usageLogs.occurredAt, new Date(now))))
    .groupBy(...(per === 'key' ? [usageLogs.partnerId, usageLogs.apiKeyId] : [usageLogs.partnerId]));

  const out: Condition[] = [];
  for (const row of rows) {
    const recent = Number(row.recent);
    const errors = Number(row.recentErrors);
    const average = Number(row.trailing) / (rules.trailingMinutes / rules.windowMinutes);
    if (recent >= rules.spikeMinRequests && recent > rules.spikeFactor * average) {
      const factor = average > 0 ? `${(recent / average).toFixed(1)}× ` : '';
      out.push({
        partnerId: row.partnerId,
        apiKeyId: row.apiKeyId,
        kind: 'traffic_spike',
        message: `${subject(row)}traffic spike: ${formatCount(recent)} requests in the last ${rules.windowMinutes} minutes, ${factor}the last hour’s average of ${formatCount(Math.round(average))}.`,
      });
    }
    if (recent >= rules.errorRateMinRequests && errors / recent > rules.errorRateThreshold) {
      out.push({
        partnerId: row.partnerId,
        apiKeyId: row.apiKeyId,
        kind: 'error_rate',
        message: `${subject(row)}error rate ${Math.round((errors / recent) * 100)}%: ${formatCount(errors)} of ${formatCount(recent)} requests in the last ${rules.windowMinutes} minutes failed (4xx or 5xx).`,
      });
    }
  }
  return out;
}

/**
 * Quota at 80% and 100%: each key with a quota of its own against it, and each organization against its
 * monthly quota, which all its keys share (billable requests this UTC month).
 */
async function quotaConditions(db: Queryable, now: number): Promise<Condition[]> {
  const month = and(gte(usageLogs.occurredAt, startOfMonth(now)), lt(usageLogs.occurredAt, startOfNextMonth(now)));
  const keyRows = await db
    .select({
      apiKeyId: usageLogs.apiKeyId,
      partnerId: apiKeys.partnerId,
      keyPrefix: apiKeys.tokenPrefix,
      quota: apiKeys.monthlyQuota,
      used: sql<string>`sum(${usageLogs.billableCount})`,
    })
    .from(usageLogs)
    .innerJoin(apiKeys, eq(apiKeys.id, usageLogs.apiKeyId))
    .where(and(month, isNotNull(apiKeys.monthlyQuota)))
    .groupBy(usageLogs.apiKeyId, apiKeys.partnerId, apiKeys.tokenPrefix, apiKeys.monthlyQuota);
  const orgRows = await db
    .select({ partnerId: usageLogs.partnerId, quota: partners.monthlyQuota, used: sql<string>`sum(${usageLogs.billableCount})` })
    .from(usageLogs)
    .innerJoin(partners, eq(partners.id, usageLogs.partnerId))
    .where(month)
    .groupBy(usageLogs.partnerId, partners.monthlyQuota);

  const out: Condition[] = [];
  const check = (partnerId: string, apiKeyId: string | null, used: number, limit: number, described: string) => {
    if (used >= limit) out.push({ partnerId, apiKeyId, kind: 'quota_100', message: `${described}: further requests are refused until the month ends.` });
    if (used >= limit * ALERT_RULES.quotaWarningShare)
      out.push({ partnerId, apiKeyId, kind: 'quota_80', message: `${described} (${Math.floor((used / limit) * 100)}%).` });
  };
  for (const row of keyRows) {
    const used = Number(row.used);
    const limit = Number(row.quota);
    check(row.partnerId, row.apiKeyId, used, limit, `Key ${row.keyPrefix} has used ${formatCount(used)} of its ${formatCount(limit)} monthly requests`);
  }
  for (const row of orgRows) {
    const used = Number(row.used);
    const limit = Number(row.quota);
    check(row.partnerId, null, used, limit, `The organization has used ${formatCount(used)} of its ${formatCount(limit)} monthly requests (all keys together)`);
  }
  return out;
}

export interface EvaluationResult {
  raised: (typeof alerts.$inferSelect)[];
  resolved: (typeof alerts.$inferSelect)[];
}

/**
 * One evaluation (the timer runs it every minute): raise an alert for each condition that holds and has
 * no open alert, resolve each open alert whose condition no longer holds, and tell the organization's
 * webhook about both. The unique open-alert index makes a concurrent raise by another instance a no-op.
 */
export async function evaluateAlerts(options: { now?: number; db?: Queryable } = {}): Promise<EvaluationResult> {
  const now = options.now ?? Date.now();
  const db = options.db ?? defaultDb;
  const holding = new Map<string, Condition>();
  for (const c of [...(await rateConditions(db, now)), ...(await quotaConditions(db, now))]) holding.set(conditionKey(c), c);
  const open = await db.select().from(alerts).where(isNull(alerts.resolvedAt));
  const openKeys = new Set(open.map(conditionKey));

  const result: EvaluationResult = { raised: [], resolved: [] };
  for (const [key, c] of holding) {
    if (openKeys.has(key)) continue;
    const [row] = await db
      .insert(alerts)
      .values({ id: newAlertId(), partnerId: c.partnerId, apiKeyId: c.apiKeyId, kind: c.kind, message: c.message, triggeredAt: new Date(now) })
      .onConflictDoNothing()
      .returning();
    if (row) result.raised.push(row);
  }
  for (const alert of open) {
    if (holding.has(conditionKey(alert))) continue;
    const [row] = await db
      .update(alerts)
      .set({ resolvedAt: new Date(now) })
      .where(and(eq(alerts.id, alert.id), isNull(alerts.resolvedAt)))
      .returning();
    if (row) result.resolved.push(row);
  }
  // Deliveries never throw; they run side by side so one slow endpoint does not hold the others.
  await Promise.all([...result.raised, ...result.resolved].map((alert) => notifyAlert(db, alert).catch(() => null)));
  return result;
}
