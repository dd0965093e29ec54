import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { PageHeader } from '@/components/ui/page-header';
import { alertKindLabels } from '@/components/usage/alert-kind-badge';
import { alertKinds, alertSortColumns, alertStates, getWebhookSettings, listAlerts } from '@/lib/alerts/list-alerts';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { findOrganization } from '@/lib/auth/tenant';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';
import { AlertsTable, type AlertTableRow } from './alerts-table';
import { WebhookForm } from './webhook-form';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { actor, isStaff } = tenant;
  if (!can(actor, 'usage.read', { partnerId: tenant.partnerId })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: alertSortColumns, defaultSort: 'triggered', defaultDirection: 'desc' });
  const state = parseEnumParam(params, 'state', alertStates);
  const kind = parseEnumParam(params, 'kind', alertKinds);
  const partner = typeof params.partner === 'string' && params.partner ? params.partner : undefined;
  let page;
  try {
    page = await listAlerts(tenant, { ...query, state, kind, partner });
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
  const rows: AlertTableRow[] = page.rows.map(({ partnerId: _partnerId, ...row }) => ({ ...row, partnerName: isStaff ? row.partnerName : null }));
  const chosenOrganization = isStaff && partner ? await findOrganization(partner) : null;
  // The webhook is the organization's setting: its partner_admins manage it.
  const canManageWebhook = !isStaff && can(actor, 'partner.update', { partnerId: tenant.partnerId });
  const webhook = canManageWebhook ? await getWebhookSettings(tenant) : null;

  const filters: DataTableFilter[] = [
    {
      name: 'state',
      label: 'State',
      options: [
        { value: '', label: 'All' },
        { value: 'open', label: 'Open' },
        { value: 'resolved', label: 'Resolved' },
      ],
    },
    { name: 'kind', label: 'Kind', options: [{ value: '', label: 'All' }, ...alertKinds.map((k) => ({ value: k, label: alertKindLabels[k] }))] },
  ];

  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          isStaff
            ? 'Traffic spikes, error rates and quotas of every organization, checked every minute.'
            : `Traffic spikes, error rates and quotas of ${tenant.organizationName ?? 'your organization'}, checked every minute.`
        }
      />
      <div className="space-y-6">
        <div>
          <DataTableToolbar
            searchLabel="Search alerts"
            searchPlaceholder="Search the messages"
            filters={filters}
            organizationFilter={isStaff ? { name: 'partner', label: 'Organization', selected: chosenOrganization } : undefined}
          />
          <AlertsTable page={{ ...page, rows }} sort={{ id: query.sort, direction: query.direction }} showOrganization={isStaff} />
        </div>
        {canManageWebhook ? <WebhookForm currentUrl={webhook?.url ?? null} /> : null}
      </div>
    </>
  );
}
