import { Plus } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DataTableToolbar } from '@/components/data-table/data-table-toolbar';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { onboardingSteps } from '@/lib/onboarding/onboarding-checklist';
import { listPartners, partnerSortColumns, type PartnerRow } from '@/lib/partners/list-partners';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';
import { PartnersTable, type PartnerTableRow } from './partners-table';

export const metadata: Metadata = { title: 'Partners' };

const partnerStatuses = ['pending', 'active', 'suspended'] as const satisfies readonly PartnerRow['status'][];

const statusFilter = {
  name: 'status',
  label: 'Status',
  options: [
    { value: '', label: 'All' },
    { value: 'pending', label: 'Pending' },
    { value: 'active', label: 'Active' },
    { value: 'suspended', label: 'Suspended' },
  ],
};

export default async function PartnersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  // Not a staff member: the page does not exist for them.
  if (!can(actor, 'partner.list', { partnerId: null })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: partnerSortColumns, defaultSort: 'created', defaultDirection: 'desc' });
  const status = parseEnumParam(params, 'status', partnerStatuses);
  const page = await listPartners(tenant, { ...query, status });
  const rows: PartnerTableRow[] = page.rows.map((row) => ({
    ...row,
    // The button is only a convenience: the action asks the policy again.
    canApprove: row.status === 'pending' && can(actor, 'partner.approve', { partnerId: row.id }),
    onboardingTotal: onboardingSteps.length,
  }));
  const canCreate = can(actor, 'partner.create', { partnerId: null });

  return (
    <>
      <PageHeader
        title="Partners"
        description="Every partner organization, its status and its onboarding progress."
        actions={
          canCreate ? (
            <ButtonLink href="/partners/new" variant="primary">
              <Plus aria-hidden="true" />
              New organization
            </ButtonLink>
          ) : null
        }
      />
      <DataTableToolbar searchLabel="Search organizations" searchPlaceholder="Search by name or slug" filters={[statusFilter]} />
      <PartnersTable page={{ ...page, rows }} sort={{ id: query.sort, direction: query.direction }} />
    </>
  );
}
