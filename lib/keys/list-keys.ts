import 'server-only';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys, partners, users, type ApiScope, type KeyEnvironment, type KeyPurpose } from '@/db/schema';
import { tenantScope, type Tenant } from '@/lib/auth/tenant';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';
import { keyStatusSql, type KeyStatus } from './key-status';

export const keySortColumns = ['name', 'created', 'lastUsed', 'expires', 'status'] as const;
export type KeySort = (typeof keySortColumns)[number];

export interface KeyRow {
  id: string;
  keyName: string;
  tokenPrefix: string;
  environment: KeyEnvironment;
  scopes: ApiScope[];
  status: KeyStatus;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  createdByName: string | null;
  partnerId: string;
  partnerName: string;
  /** `try_it`: made by the reference's try-it console for itself. */
  purpose: KeyPurpose | null;
}

export interface KeyFilters {
  status?: KeyStatus;
  environment?: KeyEnvironment;
}

/**
 * The keys table: a partner user sees their organization's keys, staff every organization's (or the one they chose).
 * The scope comes from the tenant, never from the query.
 */
export async function listKeys(tenant: Tenant, query: TableQuery<KeySort> & KeyFilters): Promise<TablePage<KeyRow>> {
  return queryKeys({ partnerId: tenantScope(tenant, 'key.read') }, query);
}

/**
 * The query behind the table and `GET /api/v1/keys`, for a trusted caller that already knows the
 * organization (the tenant, an API key's own); `partnerId` null means every organization (staff).
 */
export async function queryKeys(scope: { partnerId: string | null }, query: TableQuery<KeySort> & KeyFilters): Promise<TablePage<KeyRow>> {
  const scopePartnerId = scope.partnerId;
  const conditions: SQL[] = [];
  if (scopePartnerId) conditions.push(eq(apiKeys.partnerId, scopePartnerId));
  if (query.status) conditions.push(sql`${keyStatusSql} = ${query.status}`);
  if (query.environment) conditions.push(eq(apiKeys.environment, query.environment));
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(or(ilike(apiKeys.keyName, pattern), ilike(apiKeys.tokenPrefix, pattern), ilike(partners.name, pattern), ilike(partners.slug, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const sortColumn = {
    name: sql`lower(${apiKeys.keyName})`,
    created: apiKeys.createdAt,
    lastUsed: apiKeys.lastUsedAt,
    expires: apiKeys.expiresAt,
    status: keyStatusSql,
  }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : sql`${sortColumn} desc nulls last`;

  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: apiKeys.id,
        keyName: apiKeys.keyName,
        tokenPrefix: apiKeys.tokenPrefix,
        environment: apiKeys.environment,
        scopes: apiKeys.scopes,
        status: keyStatusSql,
        lastUsedAt: apiKeys.lastUsedAt,
        expiresAt: apiKeys.expiresAt,
        createdAt: apiKeys.createdAt,
        createdByName: users.name,
        partnerId: apiKeys.partnerId,
        partnerName: partners.name,
        purpose: apiKeys.purpose,
      })
      .from(apiKeys)
      .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
      .leftJoin(users, eq(users.id, apiKeys.createdById))
      .where(where)
      .orderBy(order, desc(apiKeys.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(apiKeys).innerJoin(partners, eq(partners.id, apiKeys.partnerId)).where(where),
  ]);
  return pageOf(rows, total?.n ?? 0, query);
}
