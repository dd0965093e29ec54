import 'server-only';
import { and, asc, count, desc, eq, gte, ilike, like, lt, or, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { auditLogs } from '@/db/schema';
import { tenantScope, type Tenant } from '@/lib/auth/tenant';
import type { AuditFilters } from './audit-filters';
import { writeAuditLog, type RequestMeta } from './write-audit-log';
import { likeEscape, likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';

export const auditSortColumns = ['occurred', 'action', 'actor'] as const;
export type AuditSort = (typeof auditSortColumns)[number];

export type AuditRow = typeof auditLogs.$inferSelect;

/**
 * The audit trail: staff see all of it, a partner_admin their organization's. The scope comes from
 * the tenant, never from the query.
 */
export async function listAuditLogs(tenant: Tenant, query: TableQuery<AuditSort> & AuditFilters): Promise<TablePage<AuditRow>> {
  const where = auditWhere(tenant, query);
  const sortColumn = auditSortColumn(query.sort);
  const order = query.direction === 'asc' ? asc(sortColumn) : desc(sortColumn);

  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(auditLogs)
      .where(where)
      .orderBy(order, desc(auditLogs.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(auditLogs).where(where),
  ]);
  return pageOf(rows, totalRow?.n ?? 0, query);
}

function auditSortColumn(sort: AuditSort) {
  return { occurred: auditLogs.occurredAt, action: auditLogs.action, actor: auditLogs.actorLabel }[sort];
}

/**
 * The rows the tenant may see that match the filters. Staff see everything, a partner_admin their
 * organization's; the scope comes from the tenant, never from the query.
 */
export function auditWhere(tenant: Tenant, filters: AuditFilters & { q?: string }): SQL | undefined {
  const scopePartnerId = tenantScope(tenant, 'audit.read');

  const conditions: SQL[] = [];
  if (scopePartnerId) conditions.push(eq(auditLogs.partnerId, scopePartnerId));
  if (filters.action)
    conditions.push(filters.action.endsWith('.') ? like(auditLogs.action, `${likeEscape(filters.action)}%`) : eq(auditLogs.action, filters.action));
  if (filters.actor) conditions.push(or(ilike(auditLogs.actorLabel, likePattern(filters.actor)), eq(auditLogs.actorId, filters.actor))!);
  if (filters.target) conditions.push(eq(auditLogs.targetId, filters.target));
  if (filters.partner) conditions.push(eq(auditLogs.partnerId, filters.partner));
  if (filters.from) conditions.push(gte(auditLogs.occurredAt, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) conditions.push(lt(auditLogs.occurredAt, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(or(ilike(auditLogs.actorLabel, pattern), ilike(auditLogs.action, pattern), ilike(auditLogs.targetId, pattern))!);
  }
  return conditions.length ? and(...conditions) : undefined;
}

export const AUDIT_EXPORT_MAX_ROWS = 100_000;

/** The filtered view, newest first, for the CSV export; the export itself goes on the trail. */
export async function exportAuditLogs(tenant: Tenant, filters: AuditFilters & { q?: string }, meta?: RequestMeta): Promise<AuditRow[]> {
  const { actor } = tenant;
  const rows = await db
    .select()
    .from(auditLogs)
    .where(auditWhere(tenant, filters))
    .orderBy(desc(auditLogs.occurredAt), desc(auditLogs.id))
    .limit(AUDIT_EXPORT_MAX_ROWS);
  if (meta) {
    await writeAuditLog(db, actor, { action: 'audit.export', partnerId: actor.membership?.partnerId ?? null, metadata: { filters, rows: rows.length } }, meta);
  }
  return rows;
}
