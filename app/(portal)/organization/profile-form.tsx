'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { updateOrganizationProfile } from './actions';

const textareaClasses =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs transition-colors ' +
  'placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500 aria-invalid:hover:border-red-600';

export interface EditableProfile {
  id: string;
  name: string;
  website: string | null;
  description: string | null;
}

export function OrganizationProfileForm({ organization }: { organization: EditableProfile }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(updateOrganizationProfile);
  const descriptionError = fieldError('description')?.[0];

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="profile-heading" className="space-y-5">
      <FormMessage state={state} />
      <input type="hidden" name="partnerId" value={organization.id} />
      <div className="grid max-w-xl gap-5">
        <Input
          label="Organization name"
          name="name"
          autoComplete="organization"
          required
          maxLength={100}
          defaultValue={values.name ?? organization.name}
          error={fieldError('name')}
        />
        <Input
          label="Website"
          name="website"
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://example.com"
          maxLength={200}
          defaultValue={values.website ?? organization.website ?? ''}
          error={fieldError('website')}
        />
        <div className="space-y-1.5">
          <label htmlFor="field-description" className="block text-sm font-medium text-zinc-800">
            Description
          </label>
          <textarea
            id="field-description"
            name="description"
            rows={4}
            maxLength={1000}
            defaultValue={values.description ?? organization.description ?? ''}
            aria-invalid={descriptionError ? true : undefined}
            aria-describedby={descriptionError ? 'field-description-hint field-description-error' : 'field-description-hint'}
            className={textareaClasses}
          />
          <p id="field-description-hint" className="text-xs text-zinc-500">
            What you build with our API, in a few sentences. At most 1,000 characters.
          </p>
          {descriptionError ? (
            <p id="field-description-error" className="text-sm text-red-700">
              {descriptionError}
            </p>
          ) : null}
        </div>
      </div>
      <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
    </form>
  );
}
