import 'server-only';
import { and, asc, count, desc, eq, ilike, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { alertKinds, alerts, apiKeys, partners, partnerWebhooks, type AlertKind } from '@/db/schema';
import { tenantScope, type Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';
import { requestLogScope } from '@/lib/usage/request-explorer';

export const alertSortColumns = ['triggered', 'resolved', 'kind'] as const;
export type AlertSort = (typeof alertSortColumns)[number];
export const alertStates = ['open', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];
export { alertKinds };

export interface AlertFilters {
  state?: AlertState;
  kind?: AlertKind;
  /** Staff: one organization; a partner's view is its own organization, and naming another is a 404. */
  partner?: string;
}

export interface AlertRow {
  id: string;
  partnerId: string;
  partnerName: string | null;
  apiKeyId: string | null;
  keyPrefix: string | null;
  kind: AlertKind;
  message: string;
  triggeredAt: Date;
  resolvedAt: Date | null;
}

/** Alerts, open and resolved: staff see every organization's, a partner user their own (the same rule as usage). */
export async function listAlerts(tenant: Tenant, query: TableQuery<AlertSort> & AlertFilters): Promise<TablePage<AlertRow>> {
  const scopePartnerId = requestLogScope(tenant, query.partner);
  const conditions: SQL[] = [];
  if (scopePartnerId) conditions.push(eq(alerts.partnerId, scopePartnerId));
  if (query.state === 'open') conditions.push(isNull(alerts.resolvedAt));
  if (query.state === 'resolved') conditions.push(isNotNull(alerts.resolvedAt));
  if (query.kind) conditions.push(eq(alerts.kind, query.kind));
  if (query.q) conditions.push(ilike(alerts.message, likePattern(query.q)));
  const where = conditions.length ? and(...conditions) : undefined;
  const sortColumn = { triggered: alerts.triggeredAt, resolved: alerts.resolvedAt, kind: alerts.kind }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : desc(sortColumn);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: alerts.id,
        partnerId: alerts.partnerId,
        partnerName: partners.name,
        apiKeyId: alerts.apiKeyId,
        keyPrefix: apiKeys.tokenPrefix,
        kind: alerts.kind,
        message: alerts.message,
        triggeredAt: alerts.triggeredAt,
        resolvedAt: alerts.resolvedAt,
      })
      .from(alerts)
      .leftJoin(partners, eq(partners.id, alerts.partnerId))
      .leftJoin(apiKeys, eq(apiKeys.id, alerts.apiKeyId))
      .where(where)
      .orderBy(order, desc(alerts.triggeredAt), desc(alerts.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(alerts).where(where),
  ]);
  return pageOf(rows, total?.n ?? 0, query);
}

/** Where the tenant's organization's alerts go (never the secret: it is shown once, when made). */
export async function getWebhookSettings(tenant: Tenant): Promise<{ url: string; updatedAt: Date } | null> {
  const partnerId = tenantScope(tenant, 'partner.update');
  if (!partnerId) throw new NotFoundError();
  const [row] = await db
    .select({ url: partnerWebhooks.url, updatedAt: partnerWebhooks.updatedAt })
    .from(partnerWebhooks)
    .where(eq(partnerWebhooks.partnerId, partnerId))
    .limit(1);
  return row ?? null;
}
