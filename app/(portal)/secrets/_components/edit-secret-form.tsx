'use client';

import { Pencil } from 'lucide-react';
import { updateSecret } from '../actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { CodeTextareaField } from '@/components/secrets/code-textarea-field';
import { secretKindOptions, type SecretKind } from '@/components/secrets/secret-vocabulary';

/**
 * Saves a new version. The editor starts empty rather than with the current value: showing it would be
 * an unlogged reveal. `baseVersion` makes a save over someone else's newer version fail instead of
 * silently replacing it.
 */
export function EditSecretForm({ secretId, name, kind, currentVersion }: { secretId: string; name: string; kind: SecretKind; currentVersion: number }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(updateSecret);
  // A failed save gives the typed value back; a successful one starts afresh.
  const kept = state && !state.ok ? values : {};

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="edit-heading" className="space-y-5">
      <FormMessage state={state} />
      <input type="hidden" name="secretId" value={secretId} />
      <input type="hidden" name="baseVersion" value={currentVersion} />
      {/* Re-mounted per version so that a saved value does not linger in the field. */}
      <div key={currentVersion} className="grid max-w-2xl gap-5">
        <CodeTextareaField
          label="New value"
          name="value"
          required
          rows={4}
          placeholder={`The new value of ${name}`}
          hint="Up to 64 KiB. The current value stays in the history and can be rolled back to."
          defaultValue={kept.value ?? ''}
          error={fieldError('value')}
        />
        <Select label="Kind" name="kind" defaultValue={kept.kind ?? kind} key={`kind-${kept.kind ?? kind}`} error={fieldError('kind')} className="max-w-xs">
          {secretKindOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </div>
      <SubmitButton pendingLabel="Saving…">
        <Pencil aria-hidden="true" />
        Save as version {currentVersion + 1}
      </SubmitButton>
    </form>
  );
}
