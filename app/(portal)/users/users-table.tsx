'use client';

import { LogOut, UserCheck, UserX } from 'lucide-react';
import { createContext, use } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { roleLabel } from '@/components/shell/role-label';
import { Badge } from '@/components/ui/badge';
import { SubmitButton } from '@/components/ui/submit-button';
import { Time } from '@/components/ui/time';
import { UserStateBadge } from '@/components/users/user-state-badge';
import type { UserRow } from '@/lib/users/list-users';
import type { TablePage } from '@/lib/tables/table-query';
import { endUserSessions, setUserDisabled } from './actions';

export type UserTableRow = Pick<UserRow, 'id' | 'name' | 'email' | 'organizations' | 'lastLoginAt' | 'createdAt'> & {
  staffRole: 'admin' | 'support' | null;
  disabled: boolean;
  /** Whether the viewer may disable or enable this account (admins, not on their own row). */
  canToggle: boolean;
  isSelf: boolean;
};

// One action state for the whole table: the row's button changes once it worked, its message must not.
const ToggleActionContext = createContext<((formData: FormData) => void) | null>(null);
const EndSessionsActionContext = createContext<((formData: FormData) => void) | null>(null);

const none = (
  <span className="text-zinc-500">
    —<span className="sr-only">None</span>
  </span>
);

const column = dataTableColumnHelper<UserTableRow>();

const columns = column.columns([
  // Name and email in one cell, so the table fits 1,280 px.
  column.accessor('name', {
    id: 'name',
    header: 'Name',
    cell: ({ row }) => (
      <div className="min-w-44">
        <span className="flex items-center gap-2 font-medium text-zinc-900">
          {row.original.name}
          {row.original.isSelf ? <Badge>You</Badge> : null}
        </span>
        <span className="block text-xs break-all text-zinc-500">{row.original.email}</span>
      </div>
    ),
  }),
  column.accessor('staffRole', {
    id: 'role',
    header: 'Role',
    enableSorting: false,
    cell: ({ row }) => (row.original.staffRole ? <Badge tone="accent">{roleLabel(row.original.staffRole)}</Badge> : none),
  }),
  column.accessor('organizations', {
    id: 'organizations',
    header: 'Organizations',
    enableSorting: false,
    meta: { cellClassName: 'min-w-32' },
    cell: ({ row }) => row.original.organizations ?? none,
  }),
  column.accessor('lastLoginAt', {
    id: 'lastLogin',
    header: 'Last sign-in',
    sortDescFirst: true,
    cell: ({ row }) => (row.original.lastLoginAt ? <Time value={row.original.lastLoginAt} /> : <span className="whitespace-nowrap text-zinc-500">Never</span>),
  }),
  column.accessor('createdAt', {
    id: 'created',
    header: 'Created',
    sortDescFirst: true,
    cell: ({ row }) => <Time value={row.original.createdAt} />,
  }),
  column.accessor('disabled', {
    id: 'state',
    header: 'State',
    enableSorting: false,
    cell: ({ row }) => <UserStateBadge disabled={row.original.disabled} />,
  }),
  column.display({
    id: 'actions',
    header: 'Actions',
    meta: { srOnlyHeader: true, align: 'end' },
    cell: ({ row }) =>
      row.original.canToggle ? (
        <span className="inline-flex gap-2">
          <EndSessionsButton user={row.original} />
          <ToggleButton user={row.original} />
        </span>
      ) : null,
  }),
]);

function ToggleButton({ user }: { user: UserTableRow }) {
  const action = use(ToggleActionContext);
  if (!action) return null;
  const disable = !user.disabled;
  return (
    <form action={action} className="inline">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="disabled" value={disable ? 'true' : 'false'} />
      <SubmitButton
        size="sm"
        variant={disable ? 'secondary' : 'primary'}
        aria-label={`${disable ? 'Disable' : 'Enable'} ${user.email}`}
        title={`${disable ? 'Disable' : 'Enable'} ${user.email}`}
      >
        {disable ? <UserX aria-hidden="true" /> : <UserCheck aria-hidden="true" />}
        <span className="hidden 2xl:inline">{disable ? 'Disable' : 'Enable'}</span>
      </SubmitButton>
    </form>
  );
}

function EndSessionsButton({ user }: { user: UserTableRow }) {
  const action = use(EndSessionsActionContext);
  if (!action) return null;
  return (
    <form action={action} className="inline">
      <input type="hidden" name="userId" value={user.id} />
      <SubmitButton size="sm" variant="secondary" aria-label={`Sign out ${user.email} everywhere`} title={`Sign out ${user.email} everywhere`}>
        <LogOut aria-hidden="true" />
        <span className="hidden 2xl:inline">Sign out</span>
      </SubmitButton>
    </form>
  );
}

export function UsersTable({ page, sort }: { page: TablePage<UserTableRow>; sort: { id: string; direction: 'asc' | 'desc' } }) {
  const { state, formAction } = useActionForm(setUserDisabled);
  const endSessions = useActionForm(endUserSessions);
  return (
    <ToggleActionContext value={formAction}>
      <EndSessionsActionContext value={endSessions.formAction}>
        <FormMessage state={state} className="mb-4" />
        <FormMessage state={endSessions.state} className="mb-4" />
        <DataTable
          label="Users"
          columns={columns}
          page={page}
          sort={sort}
          filterParams={['state']}
          empty={{ title: 'No users yet.', filteredTitle: 'No users match.' }}
        />
      </EndSessionsActionContext>
    </ToggleActionContext>
  );
}
