import 'server-only';
import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { auditLogs } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import { ForbiddenError } from '@/lib/errors';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';

export const auditSortColumns = ['occurred', 'action', 'actor'] as const;
export type AuditSort = (typeof auditSortColumns)[number];

export type AuditRow = typeof auditLogs.$inferSelect;

/**
 * The audit trail: staff see all of it, a partner_admin their organization's. The scope comes from
 * the actor, never from the query.
 */
export async function listAuditLogs(
  db: Queryable,
  actor: Actor,
  query: TableQuery<AuditSort> & { action?: string },
): Promise<TablePage<AuditRow>> {
  const scopePartnerId = actor.staffRole ? null : (actor.membership?.partnerId ?? null);
  if (!actor.staffRole && !scopePartnerId) throw new ForbiddenError();
  authorize(actor, 'audit.read', { partnerId: scopePartnerId });

  const conditions: SQL[] = [];
  if (scopePartnerId) conditions.push(eq(auditLogs.partnerId, scopePartnerId));
  if (query.action) conditions.push(eq(auditLogs.action, query.action));
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(or(ilike(auditLogs.actorLabel, pattern), ilike(auditLogs.action, pattern), ilike(auditLogs.targetId, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const sortColumn = { occurred: auditLogs.occurredAt, action: auditLogs.action, actor: auditLogs.actorLabel }[query.sort];
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
