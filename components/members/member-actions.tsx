'use client';

import { Star, UserMinus } from 'lucide-react';
import type { RefObject } from 'react';
import { ConfirmPrompt, ConfirmTrigger, useConfirmation } from '@/components/forms/confirm-action-form';
import { roleLabel } from '@/components/shell/role-label';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/actions/action-spec';
import type { PartnerRole } from '@/db/schema';
import { useReportingAction } from './action-feedback';
import { changeMemberRole, makePrimaryContact, removeMember } from './actions';

export const partnerRoleOptions: PartnerRole[] = ['partner_admin', 'developer'];

const selectClasses =
  'h-8 rounded-md border border-zinc-300 bg-white pr-8 pl-2 text-sm text-zinc-900 shadow-xs hover:border-zinc-400 focus-visible:border-indigo-600';

// After a success the control that was used is gone or re-rendered (the row changed): the message takes the focus.
const focusOnSuccess = (result: ActionResult) => result.ok;

interface MemberRef {
  membershipId: string;
  name: string;
}

/** The member's role as a select and a "Change role" button (no change on selection alone: it is a real permission change). */
export function ChangeRoleForm({ member, role }: { member: MemberRef; role: PartnerRole }) {
  const action = useReportingAction(changeMemberRole, { focusMessage: focusOnSuccess });
  const selectId = `member-role-${member.membershipId}`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="membershipId" value={member.membershipId} />
      <label htmlFor={selectId} className="sr-only">
        Role of {member.name}
      </label>
      <select id={selectId} name="role" defaultValue={role} className={selectClasses}>
        {partnerRoleOptions.map((option) => (
          <option key={option} value={option}>
            {roleLabel(option)}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" size="sm" pendingLabel="Changing…">
        Change role<span className="sr-only"> of {member.name}</span>
      </SubmitButton>
    </form>
  );
}

/** The primary contact is who our team calls; only a partner_admin can be it. */
export function MakePrimaryContactForm({ member }: { member: MemberRef }) {
  const action = useReportingAction(makePrimaryContact, { focusMessage: focusOnSuccess });
  return (
    <form action={action}>
      <input type="hidden" name="membershipId" value={member.membershipId} />
      <SubmitButton variant="ghost" size="sm" pendingLabel="Saving…">
        <Star aria-hidden="true" />
        Make primary contact<span className="sr-only">: {member.name}</span>
      </SubmitButton>
    </form>
  );
}

/**
 * "Remove" and its confirmation, which is a row of its own under the member's (a confirmation in
 * the actions cell would not fit the table). Removing takes two steps: "Remove", then "Yes, remove";
 * Escape or "Cancel" goes back.
 */
export function useRemoveMember(member: MemberRef) {
  const confirmation = useConfirmation();
  const { confirming, cancel, promptRef } = confirmation;

  const action = useReportingAction(removeMember, {
    // Removed: the row is gone, the message takes the focus. Refused: back to "Remove", the alert says why.
    focusMessage: focusOnSuccess,
    onResult: (result) => {
      if (!result.ok) cancel();
    },
  });

  const startButton = (
    <ConfirmTrigger
      confirmation={confirmation}
      variant="ghost"
      size="sm"
      aria-expanded={confirming}
      className="text-red-700 hover:bg-red-50 hover:text-red-800"
    >
      <UserMinus aria-hidden="true" />
      Remove<span className="sr-only"> {member.name}</span>
    </ConfirmTrigger>
  );

  return { confirming, startButton, action, cancel, promptRef };
}

export function RemoveMemberConfirmation({
  member,
  email,
  organizationName,
  isSelf,
  action,
  cancel,
  promptRef,
}: {
  member: MemberRef;
  email: string;
  organizationName: string;
  isSelf: boolean;
  action: (formData: FormData) => Promise<void>;
  cancel: () => void;
  promptRef: RefObject<HTMLParagraphElement | null>;
}) {
  return (
    <ConfirmPrompt
      confirmation={{ cancel, promptRef }}
      action={action}
      fields={{ membershipId: member.membershipId }}
      aria-label={`Remove ${member.name}`}
      className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
      size="sm"
      prompt={
        isSelf ? `Leave ${organizationName}? You lose access at once.` : `Remove ${member.name} (${email}) from ${organizationName}? They lose access at once.`
      }
      confirmLabel="Yes, remove"
      pendingLabel="Removing…"
    />
  );
}
