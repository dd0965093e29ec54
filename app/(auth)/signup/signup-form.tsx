'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { signUp } from './actions';

export function SignUpForm() {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(signUp);

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-5" aria-labelledby="signup-heading">
      <FormMessage state={state} />
      <Input label="Your name" name="name" autoComplete="name" required defaultValue={values.name} error={fieldError('name')} />
      <Input label="Email" name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={values.email} error={fieldError('email')} />
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
      <Input
        label="Organization"
        name="organization"
        autoComplete="organization"
        required
        hint="The company you build for. Our team reviews every new organization."
        defaultValue={values.organization}
        error={fieldError('organization')}
      />
      <SubmitButton className="w-full">Create account</SubmitButton>
    </form>
  );
}
