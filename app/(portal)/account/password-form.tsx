'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { changePassword } from './actions';

export function PasswordForm() {
  const { state, formAction, formRef, onSubmit, fieldError } = useActionForm(changePassword);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="password-form-heading" className="space-y-4">
      <FormMessage state={state} />
      <div className="grid max-w-md gap-4">
        <Input label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={fieldError('currentPassword')} />
        <Input
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters."
          error={fieldError('newPassword')}
        />
        <Input label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required error={fieldError('confirmPassword')} />
      </div>
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}
