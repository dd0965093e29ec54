'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { signOutOtherSessions } from './actions';

export function SessionsForm() {
  const { state, formAction, formRef, onSubmit } = useActionForm(signOutOtherSessions);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby="sessions-heading" className="space-y-4">
      <FormMessage state={state} />
      <SubmitButton>Sign out other sessions</SubmitButton>
    </form>
  );
}
