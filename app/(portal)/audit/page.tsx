import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/db';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { ownScope } from '@/components/shell/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { auditSortColumns, listAuditLogs } from '@/lib/audit/list-audit-logs';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { parseTableQuery } from '@/lib/tables/table-query';
import { AuditTable, type AuditTableRow } from './audit-table';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePortalActor();
  if (!can(actor, 'audit.read', ownScope(actor))) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: auditSortColumns, defaultSort: 'occurred', defaultDirection: 'desc' });
  const page = await listAuditLogs(db, actor, query);
  // Only what the table shows travels to the browser.
  const rows: AuditTableRow[] = page.rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt,
    actorType: row.actorType,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
  }));

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          actor.staffRole
            ? 'Every sensitive change across the portal, newest first.'
            : `Every sensitive change in ${actor.membership?.partnerName ?? 'your organization'}, newest first.`
        }
      />
      <DataTableToolbar searchLabel="Search the audit log" searchPlaceholder="Search by actor, action or target" />
      <AuditTable page={{ ...page, rows }} sort={{ id: query.sort, direction: query.direction }} />
    </>
  );
}
