'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { updateProfile } from './actions';

export function ProfileForm({ name }: { name: string }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(updateProfile);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="profile-form-heading" className="space-y-4">
      <FormMessage state={state} />
      <Input
        label="Name"
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={values.name ?? name}
        error={fieldError('name')}
        className="max-w-md"
      />
      <SubmitButton>Save name</SubmitButton>
    </form>
  );
}
