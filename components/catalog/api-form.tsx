'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Card, CardBody } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormAction } from '@/lib/actions/action-spec';
import { TextareaField } from './textarea-field';

export interface ApiFormValues {
  id: string;
  name: string;
  slug: string;
  version: string;
  description: string;
}

/**
 * Creates an API (without `api`) or edits one. `identityLocked` is for the portal's own API: the
 * start-up sync and the `/api/v1` guard find it by slug and version, so those stay as they are.
 */
export function ApiForm({ action, api, identityLocked = false }: { action: FormAction; api?: ApiFormValues; identityLocked?: boolean }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(action);
  const creating = !api;
  const value = (name: keyof ApiFormValues, fallback = '') => values[name] ?? api?.[name] ?? fallback;

  return (
    <Card>
      <CardBody className="py-5">
        <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-label={creating ? 'New API' : 'Edit API'} className="space-y-6">
          <FormMessage state={state} />
          {api ? <input type="hidden" name="apiId" value={api.id} /> : null}

          <div className="grid max-w-xl gap-5">
            <Input
              label="Name"
              name="name"
              required
              maxLength={100}
              autoComplete="off"
              placeholder="e.g. Orders API"
              defaultValue={value('name')}
              error={fieldError('name')}
            />
            <div className="grid gap-5 sm:grid-cols-2">
              <Input
                label="Slug"
                name="slug"
                maxLength={48}
                autoComplete="off"
                spellCheck={false}
                placeholder={creating ? 'Made from the name' : undefined}
                readOnly={identityLocked}
                hint={
                  identityLocked
                    ? 'The portal finds its own API by slug and version.'
                    : creating
                      ? 'Optional. Lowercase letters, digits and dashes.'
                      : 'Lowercase letters, digits and dashes.'
                }
                defaultValue={value('slug')}
                error={fieldError('slug')}
              />
              <Input
                label="Version"
                name="version"
                required
                maxLength={20}
                autoComplete="off"
                spellCheck={false}
                placeholder="v1"
                readOnly={identityLocked}
                hint={identityLocked ? undefined : 'e.g. v1 or 2026-01. Slug and version together name the API.'}
                defaultValue={value('version', 'v1')}
                error={fieldError('version')}
              />
            </div>
            <TextareaField
              label="Description"
              name="description"
              rows={4}
              maxLength={2000}
              placeholder="What partners do with this API"
              hint="Optional. Shown under the API’s name in the catalog."
              defaultValue={value('description')}
              error={fieldError('description')}
            />
          </div>

          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-5">
            <SubmitButton pendingLabel={creating ? 'Creating…' : 'Saving…'}>{creating ? 'Create API' : 'Save API'}</SubmitButton>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
