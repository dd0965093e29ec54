'use client';

import { Undo2 } from 'lucide-react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useReportingAction } from './action-feedback';
import { withdrawInvite } from './actions';

/** One step: withdrawing can be undone by inviting again. */
export function WithdrawInviteForm({ inviteId, email }: { inviteId: string; email: string }) {
  // Withdrawn: the row is gone, the message takes the focus.
  const action = useReportingAction(withdrawInvite, { focusMessage: (result) => result.ok });
  return (
    <form action={action}>
      <input type="hidden" name="inviteId" value={inviteId} />
      <SubmitButton variant="ghost" size="sm" pendingLabel="Withdrawing…">
        <Undo2 aria-hidden="true" />
        Withdraw<span className="sr-only"> the invitation for {email}</span>
      </SubmitButton>
    </form>
  );
}
