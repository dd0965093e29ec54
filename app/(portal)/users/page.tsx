import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { roleLabel } from '@/components/shell/role-label';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';
import { listUsers, userSortColumns } from '@/lib/users/list-users';
import { TwoFactorPolicyForm } from '@/components/identity/two-factor-policy-form';
import { Card, CardBody } from '@/components/ui/card';
import { staffTwoFactorSetting } from '@/lib/identity/two-factor-settings';
import { setStaffTwoFactor } from './actions';
import { UsersTable, type UserTableRow } from './users-table';

export const metadata: Metadata = { title: 'Users' };

const userStates = ['active', 'disabled'] as const;

const filters: DataTableFilter[] = [
  {
    name: 'state',
    label: 'State',
    options: [
      { value: '', label: 'All' },
      { value: 'active', label: 'Active' },
      { value: 'disabled', label: 'Disabled' },
    ],
  },
];

/** `Acme (partner_admin), Globex (developer)` → `Acme (Partner admin), Globex (Developer)`. */
function organizationsLabel(organizations: string | null): string | null {
  return organizations?.replace(/\((partner_admin|developer)\)/g, (_, role: 'partner_admin' | 'developer') => `(${roleLabel(role)})`) ?? null;
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  // Staff only: for anyone else the page does not exist.
  if (!can(actor, 'partner.list', { partnerId: null })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: userSortColumns, defaultSort: 'created', defaultDirection: 'desc' });
  const state = parseEnumParam(params, 'state', userStates);
  const page = await listUsers(tenant, { ...query, state });
  // The buttons are only a convenience: the action asks the policy again (and refuses one's own account).
  const canManage = can(actor, 'user.manage', { partnerId: null });
  const canManageSecurity = can(actor, 'security.manage', { partnerId: null });
  const staffTwoFactorRequired = canManageSecurity ? await staffTwoFactorSetting() : false;
  const rows: UserTableRow[] = page.rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    staffRole: row.staffRole === 'admin' || row.staffRole === 'support' ? row.staffRole : null,
    organizations: organizationsLabel(row.organizations),
    disabled: row.disabledAt !== null,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    canToggle: canManage && row.id !== actor.userId,
    isSelf: row.id === actor.userId,
  }));

  return (
    <>
      <PageHeader
        title="Users"
        description={
          canManage
            ? 'Every account in the portal: staff and partner users. A disabled user is signed out at once and cannot sign in.'
            : 'Every account in the portal: staff and partner users.'
        }
      />
      {canManageSecurity ? (
        <Card className="mb-6">
          <CardBody>
            <TwoFactorPolicyForm action={setStaffTwoFactor} required={staffTwoFactorRequired} who="staff" />
          </CardBody>
        </Card>
      ) : null}
      <DataTableToolbar searchLabel="Search users" searchPlaceholder="Search by name or email" filters={filters} />
      <UsersTable page={{ ...page, rows }} sort={{ id: query.sort, direction: query.direction }} />
    </>
  );
}
