'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { supportTierOptions } from '@/components/partners/support-tiers';
import { Input, Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { updatePartnerSettings } from '../actions';

/** Admins set the tier and the limits every key of the organization gets unless it sets its own. */
export function PartnerSettingsForm({
  partnerId,
  settings,
}: {
  partnerId: string;
  settings: { supportTier: string; keyRateLimitPerMinute: number; monthlyQuota: number };
}) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(updatePartnerSettings);
  const supportTier = values.supportTier ?? settings.supportTier;

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="settings-heading" className="space-y-5">
      <FormMessage state={state} />
      <input type="hidden" name="partnerId" value={partnerId} />
      <Select
        label="Support tier"
        name="supportTier"
        required
        defaultValue={supportTier}
        key={`tier-${supportTier}`}
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
        label="Rate limit per key (per minute)"
        name="keyRateLimitPerMinute"
        required
        inputMode="numeric"
        autoComplete="off"
        hint="The most any key of this organization may make per minute; keys without a limit of their own get it. Partners set lower limits on their keys, never higher."
        defaultValue={values.keyRateLimitPerMinute ?? String(settings.keyRateLimitPerMinute)}
        error={fieldError('keyRateLimitPerMinute')}
        className="max-w-xs"
      />
      <Input
        label="Monthly quota (whole organization)"
        name="monthlyQuota"
        required
        inputMode="numeric"
        autoComplete="off"
        hint="Billable requests per calendar month (UTC) for all the organization's keys together; a key's own quota can only be lower."
        defaultValue={values.monthlyQuota ?? String(settings.monthlyQuota)}
        error={fieldError('monthlyQuota')}
        className="max-w-xs"
      />
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}
