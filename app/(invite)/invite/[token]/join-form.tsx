'use client';

import Link from 'next/link';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { signUpAndJoin } from './actions';

/** Sign-up for the invited email: the email is the invitation's, shown but not editable. */
export function JoinForm({ token, email, loginHref }: { token: string; email: string; loginHref: string }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(signUpAndJoin);
  // An account with this email exists already: there is no email field to mark, so say it with a way out.
  const accountExists = fieldError('email')?.[0];

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="join-heading" className="space-y-5">
      <FormMessage state={accountExists ? null : state} />
      {accountExists ? (
        <Alert tone="error" role="alert">
          {accountExists}{' '}
          <Link href={loginHref} className="font-medium underline underline-offset-4">
            Sign in
          </Link>
        </Alert>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <dl className="space-y-1.5">
        <dt className="text-sm font-medium text-zinc-800">Email</dt>
        <dd className="flex min-h-10 items-center rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm break-all text-zinc-900">{email}</dd>
        <dd className="text-xs text-zinc-500">The invitation is for this address; you sign in with it.</dd>
      </dl>
      <Input label="Your name" name="name" autoComplete="name" required maxLength={100} defaultValue={values.name} error={fieldError('name')} />
      <Input
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters."
        error={fieldError('password')}
      />
      <SubmitButton className="w-full" pendingLabel="Creating your account…">
        Create account and join
      </SubmitButton>
    </form>
  );
}
