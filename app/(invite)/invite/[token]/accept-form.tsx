'use client';

import { Check } from 'lucide-react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { acceptInvitation } from './actions';

export function AcceptInvitationForm({ token }: { token: string }) {
  const { state, formAction, formRef, onSubmit } = useActionForm(acceptInvitation);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby="invite-heading" className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingLabel="Joining…">
        <Check aria-hidden="true" />
        Accept invitation
      </SubmitButton>
    </form>
  );
}
