import { Download } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { auditFiltersToSearch, parseAuditFilters } from '@/lib/audit/audit-filters';
import { auditSortColumns, listAuditLogs } from '@/lib/audit/list-audit-logs';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { parseTableQuery } from '@/lib/tables/table-query';
import { UrlFiltersForm, type UrlFilterField } from '@/components/data-table/url-filters-form';
import { AuditTable, type AuditTableRow } from './audit-table';

export const metadata: Metadata = { title: 'Audit log' };

const auditFilterFields: UrlFilterField[] = [
  { name: 'q', label: 'Search', type: 'search', placeholder: 'Actor, action or target', maxLength: 200 },
  { name: 'actor', label: 'Actor', placeholder: 'Email or id', maxLength: 254 },
  { name: 'action', label: 'Action', placeholder: 'key.create or key.', maxLength: 80 },
  { name: 'target', label: 'Target', placeholder: 'Id, e.g. key_…', maxLength: 100 },
  { name: 'from', label: 'From', type: 'date' },
  { name: 'to', label: 'To', type: 'date' },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  if (!can(tenant.actor, 'audit.read', { partnerId: tenant.partnerId })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: auditSortColumns, defaultSort: 'occurred', defaultDirection: 'desc' });
  const filters = parseAuditFilters(params);
  const page = await listAuditLogs(tenant, { ...query, ...filters });
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
  // The export has the same rows as the table, without pagination: the filters as applied, not as typed.
  const exportSearch = auditFiltersToSearch({ ...filters, q: query.q || undefined });

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          tenant.isStaff
            ? 'Every sensitive change across the portal, newest first.'
            : `Every sensitive change in ${tenant.organizationName ?? 'your organization'}, newest first.`
        }
        actions={
          // A plain link: the response is a file download, not a page.
          <a href={exportSearch ? `/audit/export?${exportSearch}` : '/audit/export'} download className={buttonClasses({ variant: 'secondary' })}>
            <Download aria-hidden="true" />
            Export CSV
          </a>
        }
      />
      <UrlFiltersForm
        fields={auditFilterFields}
        label="Filter the audit log"
        columns={3}
        note="Dates are UTC days, both included. An action ending in a dot matches its family."
      />
      <AuditTable
        page={{ ...page, rows }}
        sort={{ id: query.sort, direction: query.direction }}
        filterParams={auditFilterFields.map((field) => field.name).filter((name) => name !== 'q')}
      />
    </>
  );
}
