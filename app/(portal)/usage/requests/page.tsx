import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { UrlFiltersForm, type UrlFilterField } from '@/components/data-table/url-filters-form';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { findOrganization } from '@/lib/auth/tenant';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { parseTableQuery } from '@/lib/tables/table-query';
import { listRequestLogs, parseRequestFilters, requestFilterParams, requestSortColumns } from '@/lib/usage/request-explorer';
import { retentionDays } from '@/lib/usage/retention-window';
import { RequestsTable, type RequestTableRow } from './requests-table';

export const metadata: Metadata = { title: 'Requests' };

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { isStaff } = tenant;
  if (!can(tenant.actor, 'usage.read', { partnerId: tenant.partnerId })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: requestSortColumns, defaultSort: 'occurred', defaultDirection: 'desc' });
  const filters = parseRequestFilters(params);
  let page;
  try {
    page = await listRequestLogs(tenant, { ...query, ...filters });
  } catch (error) {
    // Another organization's logs: the same answer as an unknown page.
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
  const chosenOrganization = isStaff && filters.partner ? await findOrganization(filters.partner) : null;
  // Only what the table shows travels to the browser.
  const rows: RequestTableRow[] = page.rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt,
    method: row.method,
    path: row.path,
    statusCode: row.statusCode,
    latencyMs: row.latencyMs,
    apiKeyId: row.apiKeyId,
    keyPrefix: row.keyPrefix,
    ip: row.ip,
    partnerName: isStaff ? row.partnerName : null,
  }));

  const fields: UrlFilterField[] = [
    { name: 'key', label: 'Key', placeholder: 'Key id or prefix', maxLength: 100 },
    { name: 'status', label: 'Status', placeholder: 'e.g. 429', maxLength: 3 },
    {
      name: 'class',
      label: 'Status class',
      type: 'select',
      options: [
        { value: '', label: 'All' },
        { value: '2xx', label: '2xx success' },
        { value: '4xx', label: '4xx client error' },
        { value: '5xx', label: '5xx server error' },
      ],
    },
    { name: 'endpoint', label: 'Endpoint', placeholder: '/api/v1/keys/{id}', maxLength: 200 },
    { name: 'request', label: 'Request id', placeholder: 'req_…', maxLength: 100 },
    { name: 'from', label: 'From (UTC)', type: 'datetime-local' },
    { name: 'to', label: 'To (UTC)', type: 'datetime-local' },
  ];
  if (isStaff) {
    fields.push({ name: 'partner', label: 'Organization', type: 'organization', selected: chosenOrganization });
  }

  return (
    <>
      <PageHeader
        title="Requests"
        description={
          isStaff
            ? `Individual API requests of every organization from the last ${retentionDays()} days, newest first.`
            : `Individual API requests of ${tenant.organizationName ?? 'your organization'} from the last ${retentionDays()} days, newest first.`
        }
      />
      <UrlFiltersForm fields={fields} label="Filter the requests" note="Times are UTC. A request id is in each response’s X-Request-Id header." />
      <RequestsTable
        page={{ ...page, rows }}
        sort={{ id: query.sort, direction: query.direction }}
        filterParams={requestFilterParams.filter((name) => name !== 'partner' || isStaff)}
        showOrganization={isStaff}
      />
    </>
  );
}
