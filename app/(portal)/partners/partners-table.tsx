'use client';

import { Check } from 'lucide-react';
import Link from 'next/link';
import { createContext, use } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { FormMessage } from '@/components/forms/form-message';
import { OnboardingProgress } from '@/components/partners/onboarding-progress';
import { PartnerStatusBadge } from '@/components/partners/partner-status-badge';
import { humanize } from '@/components/ui/format';
import { SubmitButton } from '@/components/ui/submit-button';
import { Time } from '@/components/ui/time';
import { useActionForm } from '@/components/forms/use-action-form';
import type { PartnerRow } from '@/lib/partners/list-partners';
import type { TablePage } from '@/lib/tables/table-query';
import { approvePartner } from './actions';

export type PartnerTableRow = PartnerRow & { canApprove: boolean; onboardingTotal: number };

// One action state for the whole table: the row's button disappears once approved, its message must not.
const ApproveActionContext = createContext<((formData: FormData) => void) | null>(null);

const column = dataTableColumnHelper<PartnerTableRow>();

const columns = column.columns([
  column.accessor('name', {
    id: 'name',
    header: 'Name',
    cell: ({ row }) => (
      <div className="min-w-0">
        <Link href={`/partners/${row.original.id}`} className="rounded font-medium text-zinc-900 hover:text-indigo-700 hover:underline">
          {row.original.name}
        </Link>
        <p className="font-mono text-xs text-zinc-500">{row.original.slug}</p>
      </div>
    ),
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => <PartnerStatusBadge status={row.original.status} />,
  }),
  column.accessor('supportTier', {
    id: 'tier',
    header: 'Tier',
    cell: ({ row }) => humanize(row.original.supportTier),
  }),
  column.accessor('primaryContactEmail', {
    id: 'contact',
    header: 'Primary contact',
    enableSorting: false,
    cell: ({ row }) =>
      row.original.primaryContactEmail ?? (
        <span className="text-zinc-500">
          —<span className="sr-only">None</span>
        </span>
      ),
  }),
  column.accessor('memberCount', {
    id: 'members',
    header: 'Members',
    meta: { align: 'end', cellClassName: 'tabular-nums' },
  }),
  column.accessor('onboardingDone', {
    id: 'onboarding',
    header: 'Onboarding',
    sortDescFirst: true,
    cell: ({ row }) => <OnboardingProgress done={row.original.onboardingDone} total={row.original.onboardingTotal} />,
  }),
  column.accessor('createdAt', {
    id: 'created',
    header: 'Created',
    sortDescFirst: true,
    cell: ({ row }) => <Time value={row.original.createdAt} />,
  }),
  column.display({
    id: 'actions',
    header: 'Actions',
    meta: { srOnlyHeader: true, align: 'end' },
    cell: ({ row }) => (row.original.canApprove ? <ApproveButton partnerId={row.original.id} name={row.original.name} /> : null),
  }),
]);

function ApproveButton({ partnerId, name }: { partnerId: string; name: string }) {
  const action = use(ApproveActionContext);
  if (!action) return null;
  return (
    <form action={action} className="inline">
      <input type="hidden" name="partnerId" value={partnerId} />
      <SubmitButton size="sm" aria-label={`Approve ${name}`}>
        <Check aria-hidden="true" />
        Approve
      </SubmitButton>
    </form>
  );
}

export function PartnersTable({ page, sort }: { page: TablePage<PartnerTableRow>; sort: { id: string; direction: 'asc' | 'desc' } }) {
  const { state, formAction } = useActionForm(approvePartner);
  return (
    <ApproveActionContext value={formAction}>
      <FormMessage state={state} className="mb-4" />
      <DataTable
        label="Organizations"
        columns={columns}
        page={page}
        sort={sort}
        filterParams={['status']}
        empty={{
          title: 'No organizations yet.',
          description: 'Organizations appear here when partners sign up or staff create them.',
          filteredTitle: 'No organizations match.',
        }}
      />
    </ApproveActionContext>
  );
}
