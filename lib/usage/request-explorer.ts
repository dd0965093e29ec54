import 'server-only';
import { and, asc, count, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { filterText, isStorableDate, isStorableText } from '@/lib/validation/storable';
import { db } from '@/db';
import { apiKeys, partners, requestLogs } from '@/db/schema';
import { authorize } from '@/lib/auth/policy';
import { narrowTenant, tenantScope, type Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { likeEscape, likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';

export const requestSortColumns = ['occurred', 'status', 'latency'] as const;
export type RequestSort = (typeof requestSortColumns)[number];

export const statusClasses = ['2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof statusClasses)[number];

export interface RequestFilters {
  /** A key's id (`key_…`) or the start of its prefix (`pp_test_Ab`). */
  key?: string;
  status?: number;
  statusClass?: StatusClass;
  /** Part of the route pattern (`/api/v1/keys/{id}`) or of the raw path. */
  endpoint?: string;
  requestId?: string;
  /** Instants, inclusive from, exclusive to. */
  from?: Date;
  to?: Date;
  /** One organization (staff; for a partner only their own organization is allowed). */
  partner?: string;
}

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
// Unstorable text (NUL, lone surrogates) is an ignored filter, as is an instant Postgres cannot store.
const text = filterText;

/** `2026-05-01` (a UTC day) or `2026-05-01T10:30` (UTC); `end` turns a day into the end of that day. */
function parseInstant(value: string | undefined, end: boolean): Date | undefined {
  const instant = parseInstantUnchecked(value, end);
  return instant && isStorableDate(instant) ? instant : undefined;
}

function parseInstantUnchecked(value: string | undefined, end: boolean): Date | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(day.getTime())) return undefined;
    return end ? new Date(day.getTime() + 86_400_000) : day;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    const at = new Date(`${value}Z`);
    if (Number.isNaN(at.getTime())) return undefined;
    // "to 10:30" includes the requests of 10:30.
    return end && value.length === 16 ? new Date(at.getTime() + 60_000) : at;
  }
  return undefined;
}

/** The explorer's filters from the URL; anything malformed is ignored rather than failing. */
export function parseRequestFilters(params: SearchParams): RequestFilters {
  const status = z.coerce
    .number()
    .int()
    .min(100)
    .max(599)
    .optional()
    .catch(undefined)
    .parse(first(params.status) || undefined);
  return {
    key: text(100).parse(first(params.key)),
    status,
    statusClass: z
      .enum(statusClasses)
      .optional()
      .catch(undefined)
      .parse(first(params.class) || undefined),
    endpoint: text(200).parse(first(params.endpoint)),
    requestId: text(100).parse(first(params.request)),
    from: parseInstant(text(30).parse(first(params.from)), false),
    to: parseInstant(text(30).parse(first(params.to)), true),
    partner: text(64).parse(first(params.partner)),
  };
}

/** The query parameters of the explorer's filter form (besides the table's own). */
export const requestFilterParams = ['key', 'status', 'class', 'endpoint', 'request', 'from', 'to', 'partner'] as const;

/**
 * The organization whose request logs (or alerts) the tenant reads: a partner user's own (naming another
 * with the `partner` filter is a 404), for staff the `partner` filter or every organization (null).
 */
export function requestLogScope(tenant: Tenant, partner: string | undefined): string | null {
  return tenantScope(narrowTenant(tenant, partner), 'usage.read');
}

export interface RequestLogRow {
  id: string;
  partnerId: string;
  partnerName: string | null;
  apiKeyId: string;
  keyPrefix: string | null;
  keyName: string | null;
  method: string;
  path: string;
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  ip: string | null;
  userAgent: string | null;
  errorCode: string | null;
  occurredAt: Date;
}

const rowColumns = {
  id: requestLogs.id,
  partnerId: requestLogs.partnerId,
  partnerName: partners.name,
  apiKeyId: requestLogs.apiKeyId,
  keyPrefix: apiKeys.tokenPrefix,
  keyName: apiKeys.keyName,
  method: requestLogs.method,
  path: requestLogs.path,
  endpoint: requestLogs.endpoint,
  statusCode: requestLogs.statusCode,
  latencyMs: requestLogs.latencyMs,
  ip: requestLogs.ip,
  userAgent: requestLogs.userAgent,
  errorCode: requestLogs.errorCode,
  occurredAt: requestLogs.occurredAt,
};

function requestWhere(scopePartnerId: string | null, filters: RequestFilters & { q?: string }): SQL | undefined {
  const conditions: SQL[] = [];
  if (scopePartnerId) conditions.push(eq(requestLogs.partnerId, scopePartnerId));
  if (filters.key) {
    conditions.push(or(eq(requestLogs.apiKeyId, filters.key), sql`${apiKeys.tokenPrefix} like ${`${likeEscape(filters.key)}%`}`)!);
  }
  if (filters.status) conditions.push(eq(requestLogs.statusCode, filters.status));
  if (filters.statusClass) {
    const base = Number(filters.statusClass[0]) * 100;
    conditions.push(gte(requestLogs.statusCode, base), lt(requestLogs.statusCode, base + 100));
  }
  if (filters.endpoint)
    conditions.push(or(ilike(requestLogs.endpoint, likePattern(filters.endpoint)), ilike(requestLogs.path, likePattern(filters.endpoint)))!);
  if (filters.requestId) conditions.push(eq(requestLogs.id, filters.requestId));
  if (filters.from) conditions.push(gte(requestLogs.occurredAt, filters.from));
  if (filters.to) conditions.push(lt(requestLogs.occurredAt, filters.to));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(or(ilike(requestLogs.path, pattern), ilike(requestLogs.id, pattern), ilike(requestLogs.ip, pattern), ilike(apiKeys.tokenPrefix, pattern))!);
  }
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * Recent individual requests for support, newest first. A partner user reads their organization's only;
 * the scope comes from the actor, and naming another organization is a 404.
 */
export async function listRequestLogs(tenant: Tenant, query: TableQuery<RequestSort> & RequestFilters): Promise<TablePage<RequestLogRow>> {
  return queryRequestLogs(requestLogScope(tenant, query.partner), query);
}

/**
 * The query behind the explorer and GraphQL's `requestLogs`, for a caller that already knows the
 * organization (the tenant's, a key's own); `scopePartnerId` null means every organization (staff).
 */
export async function queryRequestLogs(scopePartnerId: string | null, query: TableQuery<RequestSort> & RequestFilters): Promise<TablePage<RequestLogRow>> {
  const where = requestWhere(scopePartnerId, query);
  const sortColumn = { occurred: requestLogs.occurredAt, status: requestLogs.statusCode, latency: requestLogs.latencyMs }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : desc(sortColumn);
  const [rows, [total]] = await Promise.all([
    db
      .select(rowColumns)
      .from(requestLogs)
      .leftJoin(apiKeys, eq(apiKeys.id, requestLogs.apiKeyId))
      .leftJoin(partners, eq(partners.id, requestLogs.partnerId))
      .where(where)
      .orderBy(order, desc(requestLogs.occurredAt), desc(requestLogs.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(requestLogs).leftJoin(apiKeys, eq(apiKeys.id, requestLogs.apiKeyId)).where(where),
  ]);
  return pageOf(rows, total?.n ?? 0, query);
}

/** One request with every field; another organization's request is a 404, like one that does not exist. */
export async function getRequestLog(tenant: Tenant, id: string): Promise<RequestLogRow> {
  // An id Postgres cannot store (NUL from the URL) names nothing: a 404, not a database error.
  if (!isStorableText(id)) throw new NotFoundError();
  const [row] = await db
    .select(rowColumns)
    .from(requestLogs)
    .leftJoin(apiKeys, eq(apiKeys.id, requestLogs.apiKeyId))
    .leftJoin(partners, eq(partners.id, requestLogs.partnerId))
    .where(eq(requestLogs.id, id))
    .limit(1);
  if (!row || (tenant.partnerId !== null && row.partnerId !== tenant.partnerId)) throw new NotFoundError();
  authorize(tenant.actor, 'usage.read', { partnerId: row.partnerId });
  return row;
}
