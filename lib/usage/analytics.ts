import 'server-only';
import { db, type Queryable } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import {
  keyPartnerId,
  queryErrorRate,
  queryLatency,
  queryQuotaUse,
  queryRequestsByStatusClass,
  queryTopEndpoints,
  queryTopKeys,
  queryTotals,
  queryUsageSeries,
  type ErrorRatePoint,
  type KeyQuotaUse,
  type LatencyPoint,
  type StatusClassPoint,
  type TopEndpoint,
  type TopKey,
  type UsageFilter,
  type UsageSeriesPoint,
  type UsageTotals,
} from './analytics/queries';
import type { UsageRange } from './analytics/range';

export type { ErrorRatePoint, KeyQuotaUse, LatencyPoint, StatusClassPoint, TopEndpoint, TopKey, UsageSeriesPoint, UsageTotals } from './analytics/queries';
export { statusClasses, type StatusClass, type StatusClassCounts } from './analytics/queries';
export { granularityFor, type Granularity, type UsageRange } from './analytics/range';

/**
 * Usage analytics for the portal (the `/usage` page and a key's page). Every query takes the actor and
 * a scope and asks the policy first: staff may read every organization (`partnerId: null`) or one, a
 * partner user only their own; another organization, or another organization's key, is a 404.
 */
export interface UsageScope {
  /** Null: every organization (staff only). */
  partnerId: string | null;
  apiKeyId?: string;
  /** A route pattern, e.g. `/api/v1/me`. */
  endpoint?: string;
}

/** Checks the actor may read the scope's usage and turns it into the filter the SQL uses. */
export async function authorizeUsageScope(db: Queryable, actor: UserActor, scope: UsageScope): Promise<UsageFilter> {
  authorize(actor, 'usage.read', { partnerId: scope.partnerId });
  if (!scope.apiKeyId) return { partnerId: scope.partnerId, endpoint: scope.endpoint };
  const owner = await keyPartnerId(db, scope.apiKeyId);
  // No such key, or one outside the scope's organization: the same answer, so existence does not leak.
  if (!owner || (scope.partnerId !== null && owner !== scope.partnerId)) throw new NotFoundError();
  authorize(actor, 'usage.read', { partnerId: owner });
  return { partnerId: owner, apiKeyId: scope.apiKeyId, endpoint: scope.endpoint };
}

export async function requestsByStatusClass(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange): Promise<StatusClassPoint[]> {
  return queryRequestsByStatusClass(db, await authorizeUsageScope(db, actor, scope), range);
}

export async function errorRateSeries(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange): Promise<ErrorRatePoint[]> {
  return queryErrorRate(db, await authorizeUsageScope(db, actor, scope), range);
}

export async function latencySeries(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange): Promise<LatencyPoint[]> {
  return queryLatency(db, await authorizeUsageScope(db, actor, scope), range);
}

/** (a) + (b) + (c) in one scan of the range. */
export async function usageSeries(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange): Promise<UsageSeriesPoint[]> {
  return queryUsageSeries(db, await authorizeUsageScope(db, actor, scope), range);
}

export async function topEndpoints(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange, limit = 10): Promise<TopEndpoint[]> {
  return queryTopEndpoints(db, await authorizeUsageScope(db, actor, scope), range, limit);
}

export async function topKeys(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange, limit = 10): Promise<TopKey[]> {
  return queryTopKeys(db, await authorizeUsageScope(db, actor, scope), range, limit);
}

/** Quota use this UTC month (of `now`, default the current time; the range only names the call's shape). */
export async function quotaUse(
  db: Queryable,
  actor: UserActor,
  scope: UsageScope,
  _range?: UsageRange,
  options: { now?: Date; limit?: number } = {},
): Promise<KeyQuotaUse[]> {
  return queryQuotaUse(db, await authorizeUsageScope(db, actor, scope), options.now ?? new Date(), options.limit);
}

export async function usageTotals(db: Queryable, actor: UserActor, scope: UsageScope, range: UsageRange): Promise<UsageTotals> {
  return queryTotals(db, await authorizeUsageScope(db, actor, scope), range);
}

export interface UsageDashboardData {
  range: UsageRange;
  /** One point per bucket of the range: requests by status class, errors, error rate, p50/p95/p99. */
  series: (UsageSeriesPoint & { errorRate: number })[];
  topEndpoints: TopEndpoint[];
  topKeys: TopKey[];
  quotaUse: KeyQuotaUse[];
  totals: UsageTotals;
}

/**
 * Everything the usage page (or a key's traffic section) shows about the tenant's organization (all of
 * them: staff), authorized once and queried in parallel. The three time series come from one grouped
 * scan (`queryUsageSeries`) rather than three.
 */
export async function usageDashboardData(
  tenant: Tenant,
  narrow: Omit<UsageScope, 'partnerId'>,
  range: UsageRange,
  options: { now?: Date } = {},
): Promise<UsageDashboardData> {
  const filter = await authorizeUsageScope(db, tenant.actor, { ...narrow, partnerId: tenant.partnerId });
  const [series, endpoints, keys, quotas, totals] = await Promise.all([
    queryUsageSeries(db, filter, range),
    queryTopEndpoints(db, filter, range),
    filter.apiKeyId ? Promise.resolve([]) : queryTopKeys(db, filter, range),
    queryQuotaUse(db, filter, options.now ?? new Date()),
    queryTotals(db, filter, range),
  ]);
  return {
    range,
    series: series.map((point) => ({ ...point, errorRate: point.requests > 0 ? point.errors / point.requests : 0 })),
    topEndpoints: endpoints,
    topKeys: keys,
    quotaUse: quotas,
    totals,
  };
}
