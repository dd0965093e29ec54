'use client';

import { Send } from 'lucide-react';
import { useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { roleLabel } from '@/components/shell/role-label';
import { Input, Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { inviteMember } from './actions';
import { InviteLink } from './invite-link';
import { partnerRoleOptions } from './member-actions';

/**
 * "Invite a member": email and role. The link comes back once in the action's result; "Invite another
 * member" starts a fresh form (a new key drops the old result with its link).
 */
export function InviteMemberForm({ partnerId, headingId }: { partnerId: string; headingId: string }) {
  const [round, setRound] = useState(0);
  return <InviteRound key={round} partnerId={partnerId} headingId={headingId} autoFocus={round > 0} onInviteAnother={() => setRound((r) => r + 1)} />;
}

function InviteRound({
  partnerId,
  headingId,
  autoFocus,
  onInviteAnother,
}: {
  partnerId: string;
  headingId: string;
  autoFocus: boolean;
  onInviteAnother: () => void;
}) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(inviteMember);

  if (state?.ok && state.data) {
    return (
      <InviteLink link={state.data.link} expiresAt={state.data.expiresAt} onInviteAnother={onInviteAnother}>
        <p>{state.message}</p>
      </InviteLink>
    );
  }

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby={headingId} className="space-y-4">
      <FormMessage state={state} />
      {/* Staff invite into the organization they are looking at; for a partner user it must be their own. */}
      <input type="hidden" name="partnerId" value={partnerId} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <Input
          id="invite-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          inputMode="email"
          required
          autoFocus={autoFocus}
          placeholder="name@example.com"
          defaultValue={values.email}
          error={fieldError('email')}
        />
        <Select
          id="invite-role"
          label="Role"
          name="role"
          defaultValue={values.role ?? 'developer'}
          key={`role-${values.role ?? ''}`}
          error={fieldError('role')}
        >
          {partnerRoleOptions.map((role) => (
            <option key={role} value={role}>
              {roleLabel(role)}
            </option>
          ))}
        </Select>
      </div>
      <p className="text-xs text-zinc-500">A partner admin manages the profile, members and every key; a developer creates test keys and reads the rest.</p>
      <SubmitButton pendingLabel="Sending…">
        <Send aria-hidden="true" />
        Send invitation
      </SubmitButton>
    </form>
  );
}
