'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormAction } from '@/lib/actions/action-spec';

/** Required or optional two-factor sign-in, for staff (the portal) or for one organization. */
export function TwoFactorPolicyForm({ action, required, partnerId, who }: { action: FormAction; required: boolean; partnerId?: string; who: string }) {
  const { state, formAction, formRef, onSubmit, values, fieldError } = useActionForm(action);
  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="space-y-4" aria-label={`Two-factor sign-in for ${who}`}>
      <FormMessage state={state} />
      {partnerId ? <input type="hidden" name="partnerId" value={partnerId} /> : null}
      <Select
        label={`Two-factor sign-in for ${who}`}
        name="required"
        defaultValue={values.required ?? String(required)}
        hint="Required: anyone without a factor is taken to set one up at their next request, and can do nothing else until done."
        error={fieldError('required')}
        className="max-w-md"
      >
        <option value="false">Optional</option>
        <option value="true">Required</option>
      </Select>
      <SubmitButton>Save</SubmitButton>
    </form>
  );
}
