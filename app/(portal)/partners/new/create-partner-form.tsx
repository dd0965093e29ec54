'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { OneTimeInvitationLink } from '@/components/partners/one-time-invitation-link';
import { supportTierOptions } from '@/components/partners/support-tiers';
import { Card, CardBody } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { createPartner } from '../actions';

export function CreatePartnerForm() {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(createPartner);

  if (state?.ok && state.data) {
    const name = values.name?.trim() || 'the organization';
    return (
      <OneTimeInvitationLink link={state.data.link} partnerId={state.data.partnerId} partnerName={name}>
        <p>
          {state.message ?? `${name} is created.`} It is for <span className="font-medium text-zinc-900">{state.data.email}</span>, who joins as a partner
          admin.
        </p>
      </OneTimeInvitationLink>
    );
  }

  return (
    <Card>
      <CardBody className="py-5">
        <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-label="Create organization" className="space-y-6">
          <FormMessage state={state} />

          <div className="grid max-w-xl gap-5">
            <Input
              label="Name"
              name="name"
              required
              maxLength={100}
              autoComplete="organization"
              placeholder="e.g. Initech"
              defaultValue={values.name ?? ''}
              error={fieldError('name')}
            />
            <Input
              label="Slug"
              name="slug"
              maxLength={48}
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. initech"
              hint="Leave empty to derive it from the name."
              defaultValue={values.slug ?? ''}
              error={fieldError('slug')}
            />
            <Select
              label="Support tier"
              name="supportTier"
              required
              defaultValue={values.supportTier ?? 'standard'}
              key={`tier-${values.supportTier ?? ''}`}
              error={fieldError('supportTier')}
              className="max-w-xs"
            >
              {supportTierOptions.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
            <Input
              label="Primary contact email"
              name="primaryContactEmail"
              type="email"
              required
              maxLength={254}
              autoComplete="off"
              spellCheck={false}
              placeholder="name@example.com"
              hint="They get a link to join the organization as its partner admin."
              defaultValue={values.primaryContactEmail ?? ''}
              error={fieldError('primaryContactEmail')}
            />
          </div>

          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-5">
            <SubmitButton pendingLabel="Creating…">Create organization</SubmitButton>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
