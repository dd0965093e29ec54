'use client';

import Link from 'next/link';
import { createEnvironment } from '../actions';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';

/** Adds a custom environment (e.g. `qa-eu`); on success the action opens it. */
export function NewEnvironmentForm({ partnerId, closeHref }: { partnerId: string | null; closeHref: string }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(createEnvironment);
  return (
    <Card aria-labelledby="new-environment-heading" className="mb-6">
      <CardHeader
        title="New environment"
        titleId="new-environment-heading"
        description="Every organization has development, staging and production. Add one for another stage, region or customer."
      />
      <CardBody>
        <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="new-environment-heading" className="space-y-5">
          <FormMessage state={state} />
          {partnerId ? <input type="hidden" name="partnerId" value={partnerId} /> : null}
          <Input
            label="Name"
            name="slug"
            required
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            placeholder="qa-eu"
            hint="Lowercase letters, digits and single dashes. It is what the CLI's --env takes."
            defaultValue={values.slug ?? ''}
            error={fieldError('slug')}
            className="max-w-xs"
          />
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-4">
            <SubmitButton pendingLabel="Creating…">Create environment</SubmitButton>
            <Link href={closeHref} className={buttonClasses({ variant: 'ghost' })}>
              Cancel
            </Link>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
