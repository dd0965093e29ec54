'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import { confirmDomain } from '../../actions';

export function ConfirmDomainForm({ token }: { token: string }) {
  const { state, formAction, formRef, onSubmit } = useActionForm(confirmDomain);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby="verify-domain-heading" className="space-y-5">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {state?.ok ? null : <SubmitButton className="w-full">Confirm the domain</SubmitButton>}
    </form>
  );
}
