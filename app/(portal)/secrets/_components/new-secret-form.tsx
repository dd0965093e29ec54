'use client';

import Link from 'next/link';
import { createSecret } from '../actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { CodeTextareaField } from '@/components/secrets/code-textarea-field';
import { secretKindOptions } from '@/components/secrets/secret-vocabulary';

/**
 * Adds a secret to the environment shown. After a save the form is empty again for the next one (the
 * typed value is not kept); after an error the typed fields come back so nothing is retyped.
 */
export function NewSecretForm({ environment, partnerId, closeHref }: { environment: string; partnerId: string | null; closeHref: string }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(createSecret);
  const saved = state?.ok ? (state.data?.id ?? null) : null;
  // Only a failed submission gives its values back; a saved one starts afresh (a new key re-mounts the fields).
  const kept = state && !state.ok ? values : {};

  return (
    <Card aria-labelledby="new-secret-heading" className="mb-6">
      <CardHeader
        title={`New secret in ${environment}`}
        titleId="new-secret-heading"
        description="Names are like environment variables: A–Z, 0–9 and _. Values can be up to 64 KiB."
      />
      <CardBody>
        <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="new-secret-heading" className="space-y-5">
          <FormMessage state={state} />
          {saved ? (
            <p className="text-sm">
              <Link href={`/secrets/${saved}`} className="font-medium text-indigo-700 hover:underline">
                Open the secret
              </Link>{' '}
              or add another.
            </p>
          ) : null}
          <input type="hidden" name="environment" value={environment} />
          {partnerId ? <input type="hidden" name="partnerId" value={partnerId} /> : null}
          <div key={saved ?? 'editing'} className="grid max-w-2xl gap-5">
            <div className="grid gap-5 sm:grid-cols-2">
              <Input
                label="Name"
                name="name"
                required
                maxLength={128}
                autoComplete="off"
                spellCheck={false}
                placeholder="DATABASE_URL"
                defaultValue={kept.name ?? ''}
                error={fieldError('name')}
              />
              <Select label="Kind" name="kind" defaultValue={kept.kind ?? 'env_var'} key={`kind-${kept.kind ?? ''}`} error={fieldError('kind')}>
                {secretKindOptions.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </Select>
            </div>
            <CodeTextareaField
              label="Value"
              name="value"
              required
              rows={4}
              hint="Stored encrypted. Shown again only to those who may reveal it, and every reveal is logged."
              defaultValue={kept.value ?? ''}
              error={fieldError('value')}
            />
          </div>
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-4">
            <SubmitButton pendingLabel="Saving…">Save secret</SubmitButton>
            <Link href={closeHref} className={buttonClasses({ variant: 'ghost' })}>
              {saved ? 'Done' : 'Cancel'}
            </Link>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
