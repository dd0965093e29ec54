'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Badge } from '@/components/ui/badge';
import { Input, Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormAction } from '@/lib/actions/action-spec';

interface SsoSettings {
  issuer: string;
  clientId: string;
  enforced: boolean;
}

/** The organization's own OIDC provider, and the email domains whose people it signs in. */
export function OrganizationSsoForm({
  save,
  claimDomain,
  sso,
  domains,
  partnerId,
}: {
  save: FormAction;
  claimDomain: FormAction;
  sso: SsoSettings | null;
  domains: { domain: string; verified: boolean }[];
  partnerId?: string;
}) {
  const { state, formAction, formRef, onSubmit, values, fieldError } = useActionForm(save);
  const { state: domainState, formAction: domainAction, fieldError: domainError } = useActionForm(claimDomain);
  return (
    <div className="space-y-8">
      <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="max-w-md space-y-4" aria-label="Identity provider">
        <FormMessage state={state} />
        {partnerId ? <input type="hidden" name="partnerId" value={partnerId} /> : null}
        <Input label="Issuer URL" name="issuer" type="url" required defaultValue={values.issuer ?? sso?.issuer} error={fieldError('issuer')} />
        <Input label="Client id" name="clientId" required defaultValue={values.clientId ?? sso?.clientId} error={fieldError('clientId')} />
        <Input
          label="Client secret"
          name="clientSecret"
          type="password"
          autoComplete="off"
          hint={sso ? 'Stored encrypted. Leave blank to keep it.' : 'Stored encrypted; never shown again.'}
          error={fieldError('clientSecret')}
        />
        <Select
          label="Password sign-in for your domains"
          name="enforced"
          defaultValue={values.enforced ?? String(sso?.enforced ?? false)}
          error={fieldError('enforced')}
        >
          <option value="false">Allowed (single sign-on optional)</option>
          <option value="true">Refused (single sign-on required)</option>
        </Select>
        <SubmitButton>Save identity provider</SubmitButton>
      </form>

      <div className="space-y-3">
        {domains.length ? (
          <ul aria-label="Email domains" className="space-y-1 text-sm">
            {domains.map((d) => (
              <li key={d.domain} className="flex items-center gap-2">
                {d.domain} {d.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Waiting for the link</Badge>}
              </li>
            ))}
          </ul>
        ) : null}
        <form action={domainAction} className="max-w-md space-y-4" aria-label="Verify an email domain">
          <FormMessage state={domainState} />
          {partnerId ? <input type="hidden" name="partnerId" value={partnerId} /> : null}
          <Input
            label="Verify a domain: an address there"
            name="email"
            type="email"
            required
            hint="We mail a confirmation link to it; the domain is verified once the link is used."
            error={domainError('email')}
          />
          <SubmitButton variant="secondary">Send the link</SubmitButton>
        </form>
      </div>
    </div>
  );
}
