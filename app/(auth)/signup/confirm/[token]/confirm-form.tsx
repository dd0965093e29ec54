'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { confirmSignUp } from '../../actions';

export function ConfirmSignUpForm({ token }: { token: string }) {
  const { state, formAction, formRef, onSubmit } = useActionForm(confirmSignUp);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby="confirm-heading" className="space-y-5">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingLabel="Creating your account…">
        Confirm and create account
      </SubmitButton>
    </form>
  );
}
