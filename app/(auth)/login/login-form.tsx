'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/actions/action-spec';
import { signInWithPassword } from './actions';

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string | null; initialError: string | null }) {
  const initialState: ActionResult | null = initialError ? { ok: false, error: initialError } : null;
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(signInWithPassword, initialState);

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-5" aria-labelledby="login-heading">
      <FormMessage state={state} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Input label="Email" name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={values.email} error={fieldError('email')} />
      <Input label="Password" name="password" type="password" autoComplete="current-password" required error={fieldError('password')} />
      <SubmitButton className="w-full">Sign in</SubmitButton>
    </form>
  );
}
