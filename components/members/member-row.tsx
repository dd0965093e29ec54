'use client';

import { roleLabel } from '@/components/shell/role-label';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { PartnerRole } from '@/db/schema';
import { ChangeRoleForm, MakePrimaryContactForm, RemoveMemberConfirmation, useRemoveMember } from './member-actions';

export interface MemberRowData {
  membershipId: string;
  name: string;
  email: string;
  role: PartnerRole;
  joinedAt: Date;
  disabled: boolean;
  isPrimary: boolean;
  isSelf: boolean;
}

const memberCell = 'px-4 py-3 align-middle text-zinc-700';

/** One member; with `manage`, their role, primary contact and removal controls. */
export function MemberRow({ member, manage, organizationName }: { member: MemberRowData; manage: boolean; organizationName: string }) {
  const ref = { membershipId: member.membershipId, name: member.name };
  const remove = useRemoveMember(ref);

  return (
    <>
      <tr className="hover:bg-zinc-50/70">
        <th scope="row" className={`${memberCell} text-left font-medium text-zinc-900`}>
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            {member.name}
            {member.isSelf ? <Badge>You</Badge> : null}
            {member.isPrimary ? <Badge tone="accent">Primary contact</Badge> : null}
            {member.disabled ? <Badge tone="danger">Disabled</Badge> : null}
          </span>
        </th>
        <td className={memberCell}>{member.email}</td>
        <td className={memberCell}>
          {/* Re-mounted when the role changes, so the select shows the saved role. */}
          {manage ? <ChangeRoleForm key={member.role} member={ref} role={member.role} /> : roleLabel(member.role)}
        </td>
        <td className={memberCell}>
          <Time value={member.joinedAt} />
        </td>
        {manage ? (
          <td className={`${memberCell} text-right`}>
            <div className="flex flex-wrap items-center justify-end gap-1">
              {member.role === 'partner_admin' && !member.isPrimary ? <MakePrimaryContactForm member={ref} /> : null}
              {remove.startButton}
            </div>
          </td>
        ) : null}
      </tr>
      {manage && remove.confirming ? (
        <tr>
          <td colSpan={5} className="px-4 pb-3">
            <RemoveMemberConfirmation
              member={ref}
              email={member.email}
              organizationName={organizationName}
              isSelf={member.isSelf}
              action={remove.action}
              cancel={remove.cancel}
              promptRef={remove.promptRef}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}
