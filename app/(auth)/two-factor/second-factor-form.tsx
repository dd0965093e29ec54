'use client';

import { FormMessage } from '@/components/forms/form-message';
import { PasskeyAnswerButton } from '@/components/identity/passkey-answer-button';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { verifySecondFactor } from './actions';

export function SecondFactorForm({ callbackUrl, passkey }: { callbackUrl: string | null; passkey: boolean }) {
  const { state, formAction, formRef, onSubmit, fieldError } = useActionForm(verifySecondFactor);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-5" aria-labelledby="two-factor-heading">
      <FormMessage state={state} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Input
        label="Code"
        name="code"
        autoComplete="one-time-code"
        required
        autoFocus
        hint="The 6 digits your authenticator app shows, or one of your recovery codes."
        error={fieldError('code')}
      />
      <SubmitButton className="w-full">Verify</SubmitButton>
      {passkey ? <PasskeyAnswerButton field="code" className="text-center" /> : null}
    </form>
  );
}
