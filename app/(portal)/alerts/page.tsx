import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/db';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { ownScope } from '@/components/shell/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { alertKindLabels } from '@/components/usage/alert-kind-badge';
import { alertKinds, alertSortColumns, alertStates, getWebhookSettings, listAlerts } from '@/lib/alerts/list-alerts';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';
import { listOrganizationChoices } from '@/lib/usage/request-explorer';
import { AlertsTable, type AlertTableRow } from './alerts-table';
import { WebhookForm } from './webhook-form';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePortalActor();
  if (!can(actor, 'usage.read', ownScope(actor))) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: alertSortColumns, defaultSort: 'triggered', defaultDirection: 'desc' });
  const state = parseEnumParam(params, 'state', alertStates);
  const kind = parseEnumParam(params, 'kind', alertKinds);
  const partner = typeof params.partner === 'string' && params.partner ? params.partner : undefined;
  let page;
  try {
    page = await listAlerts(db, actor, { ...query, state, kind, partner });
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
  const isStaff = actor.staffRole !== null;
  const rows: AlertTableRow[] = page.rows.map(({ partnerId: _partnerId, ...row }) => ({ ...row, partnerName: isStaff ? row.partnerName : null }));
  const organizations = await listOrganizationChoices(db, actor);
  const ownOrg = actor.membership?.partnerId;
  // The webhook is the organization's setting: its partner_admins manage it.
  const canManageWebhook = !isStaff && ownOrg !== undefined && can(actor, 'partner.update', { partnerId: ownOrg });
  const webhook = canManageWebhook ? await getWebhookSettings(db, actor, ownOrg) : null;

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
  if (isStaff)
    filters.push({
      name: 'partner',
      label: 'Organization',
      options: [{ value: '', label: 'All' }, ...organizations.map((o) => ({ value: o.id, label: o.name }))],
    });

  return (
    <>
      <PageHeader
        title="Alerts"
        description={
          isStaff
            ? 'Traffic spikes, error rates and quotas of every organization, checked every minute.'
            : `Traffic spikes, error rates and quotas of ${actor.membership?.partnerName ?? 'your organization'}, checked every minute.`
        }
      />
      <div className="space-y-6">
        <div>
          <DataTableToolbar searchLabel="Search alerts" searchPlaceholder="Search the messages" filters={filters} />
          <AlertsTable page={{ ...page, rows }} sort={{ id: query.sort, direction: query.direction }} showOrganization={isStaff} />
        </div>
        {canManageWebhook ? <WebhookForm currentUrl={webhook?.url ?? null} /> : null}
      </div>
    </>
  );
}
