'use client';

import { useState, type FormEvent } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import type { KeyEnvironment } from '@/components/keys/key-vocabulary';
import { OneTimeSecret } from '@/components/keys/one-time-secret';
import { Card, CardBody } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Input } from '@/components/ui/field';
import { OrganizationCombobox } from '@/components/partners/organization-combobox';
import { SubmitButton } from '@/components/ui/submit-button';
import { createKey } from '../actions';

const environmentChoices: { value: KeyEnvironment; label: string; description: string }[] = [
  { value: 'test', label: 'Test', description: 'For development and CI.' },
  { value: 'live', label: 'Live', description: 'For production traffic.' },
];

const textareaClasses =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-sm text-zinc-900 shadow-xs transition-colors ' +
  'placeholder:font-sans placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500';

/** Ids of a group's hint and error, for the group's `aria-describedby`. */
function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const present = ids.filter(Boolean);
  return present.length ? present.join(' ') : undefined;
}

export function CreateKeyForm({
  environments,
  scopes,
  picksOrganization,
  defaults,
  minExpiry,
}: {
  /** The environments the user may create keys in; the others are shown disabled. */
  environments: KeyEnvironment[];
  scopes: { value: string; description: string }[];
  /** Staff: choose the organization the key is for (a picker that searches on the server). */
  picksOrganization: boolean;
  /** Partner users: their organization's limits (per-key rate ceiling, shared monthly quota), shown as placeholders. */
  defaults: { rateLimit: string; quota: string } | null;
  minExpiry: string;
}) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(createKey);
  // `values` keeps one value per name; the checked scopes are a list.
  const [checkedScopes, setCheckedScopes] = useState<string[]>([]);

  if (state?.ok && state.data) {
    return (
      <OneTimeSecret secret={state.data.secret} keyId={state.data.keyId}>
        <p>
          {state.message} Its prefix is <code className="font-mono text-xs text-zinc-900">{state.data.prefix}</code>.
        </p>
      </OneTimeSecret>
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    setCheckedScopes(new FormData(event.currentTarget).getAll('scopes').filter((v): v is string => typeof v === 'string'));
    onSubmit(event);
  }

  const environment = values.environment ?? environments[0] ?? 'test';
  const environmentError = fieldError('environment')?.[0];
  const scopesError = fieldError('scopes')?.[0];
  const ipError = fieldError('ipAllowlist')?.[0];
  const liveRefused = !environments.includes('live');

  return (
    <Card>
      <CardBody className="py-5">
        <form ref={formRef} action={formAction} onSubmit={handleSubmit} noValidate aria-label="Create API key" className="space-y-6">
          <FormMessage state={state} />

          <div className="grid max-w-xl gap-5">
            {picksOrganization ? (
              <OrganizationCombobox name="partnerId" label="Organization" selected={null} required error={fieldError('partnerId')?.[0]} />
            ) : null}

            <Input
              label="Name"
              name="name"
              required
              maxLength={80}
              autoComplete="off"
              placeholder="e.g. Production backend"
              hint="Say where the key is used, so you know what breaks if you revoke it."
              defaultValue={values.name ?? ''}
              error={fieldError('name')}
            />

            <fieldset
              role="radiogroup"
              aria-labelledby="environment-legend"
              aria-invalid={environmentError ? true : undefined}
              aria-describedby={describedBy(liveRefused && 'environment-hint', environmentError && 'environment-error')}
              className="space-y-2"
            >
              <legend id="environment-legend" className="mb-2 text-sm font-medium text-zinc-800">
                Environment
              </legend>
              <div className="grid gap-2 sm:grid-cols-2">
                {environmentChoices.map((choice) => {
                  const disabled = !environments.includes(choice.value);
                  const id = `environment-${choice.value}`;
                  return (
                    <div
                      key={choice.value}
                      className={cn(
                        'flex gap-3 rounded-lg border border-zinc-300 px-3 py-2.5 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50/50',
                        disabled && 'bg-zinc-50',
                      )}
                    >
                      <input
                        id={id}
                        type="radio"
                        name="environment"
                        value={choice.value}
                        disabled={disabled}
                        defaultChecked={environment === choice.value && !disabled}
                        aria-describedby={`${id}-description`}
                        className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                      />
                      <div className="min-w-0">
                        <label htmlFor={id} className={cn('block text-sm font-medium', disabled ? 'text-zinc-500' : 'text-zinc-900')}>
                          {choice.label}
                        </label>
                        <p id={`${id}-description`} className="text-xs text-zinc-500">
                          {choice.description}
                        </p>
                      </div>
                    </div>
                  );
                })}
              </div>
              {liveRefused ? (
                <p id="environment-hint" className="text-xs text-zinc-500">
                  Developers can create test keys only. Ask a partner admin of your organization for a live key.
                </p>
              ) : null}
              {environmentError ? (
                <p id="environment-error" className="text-sm text-red-700">
                  {environmentError}
                </p>
              ) : null}
            </fieldset>

            <fieldset aria-describedby={describedBy('scopes-hint', scopesError && 'scopes-error')} className="space-y-2">
              <legend className="text-sm font-medium text-zinc-800">Scopes</legend>
              <p id="scopes-hint" className="text-xs text-zinc-500">
                What the key may call. A key without scopes can still call <code className="font-mono">/api/v1/me</code>.
              </p>
              <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
                {scopes.map((scope) => {
                  const id = `scope-${scope.value.replace(':', '-')}`;
                  return (
                    <li key={scope.value} className="flex gap-3 px-3 py-2.5">
                      <input
                        id={id}
                        type="checkbox"
                        name="scopes"
                        value={scope.value}
                        defaultChecked={checkedScopes.includes(scope.value)}
                        aria-describedby={`${id}-description`}
                        aria-invalid={scopesError ? true : undefined}
                        className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                      />
                      <div className="min-w-0">
                        <label htmlFor={id} className="block font-mono text-sm text-zinc-900">
                          {scope.value}
                        </label>
                        <p id={`${id}-description`} className="text-xs text-zinc-500">
                          {scope.description}
                        </p>
                      </div>
                    </li>
                  );
                })}
              </ul>
              {scopesError ? (
                <p id="scopes-error" className="text-sm text-red-700">
                  {scopesError}
                </p>
              ) : null}
            </fieldset>

            <Input
              label="Expires on"
              name="expiresAt"
              type="date"
              min={minExpiry}
              hint="Optional. The key stops working at 00:00 UTC on this day. Empty: it never expires."
              defaultValue={values.expiresAt ?? ''}
              error={fieldError('expiresAt')}
              className="max-w-xs"
            />

            <div className="grid gap-5 sm:grid-cols-2">
              <Input
                label="Rate limit per minute"
                name="rateLimitPerMinute"
                inputMode="numeric"
                autoComplete="off"
                placeholder={defaults ? `Organization ceiling (${defaults.rateLimit})` : 'Organization ceiling'}
                hint="Optional. Requests per minute, at most the organization's ceiling."
                defaultValue={values.rateLimitPerMinute ?? ''}
                error={fieldError('rateLimitPerMinute')}
              />
              <Input
                label="Monthly quota"
                name="monthlyQuota"
                inputMode="numeric"
                autoComplete="off"
                placeholder={defaults ? `Shares the organization's (${defaults.quota})` : "Shares the organization's"}
                hint="Optional. This key's own share per calendar month; the organization's quota applies to all its keys together."
                defaultValue={values.monthlyQuota ?? ''}
                error={fieldError('monthlyQuota')}
              />
            </div>

            <Input
              label="Secret environments"
              name="secretEnvironments"
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. staging, production"
              hint="Optional, for keys with secrets:read: the environments it may pull, comma-separated. Empty: all (a test key never reads production)."
              defaultValue={values.secretEnvironments ?? ''}
              error={fieldError('secretEnvironments')}
              className="max-w-xl"
            />

            <div className="space-y-1.5">
              <label htmlFor="field-ipAllowlist" className="block text-sm font-medium text-zinc-800">
                IP allowlist
              </label>
              <textarea
                id="field-ipAllowlist"
                name="ipAllowlist"
                rows={4}
                spellCheck={false}
                autoComplete="off"
                placeholder={'203.0.113.7\n198.51.100.0/24\n2001:db8::/32'}
                defaultValue={values.ipAllowlist ?? ''}
                aria-invalid={ipError ? true : undefined}
                aria-describedby={describedBy('field-ipAllowlist-hint', ipError && 'field-ipAllowlist-error')}
                className={textareaClasses}
              />
              <p id="field-ipAllowlist-hint" className="text-xs text-zinc-500">
                One IPv4/IPv6 address or CIDR range per line. Empty: any address.
              </p>
              {ipError ? (
                <p id="field-ipAllowlist-error" className="text-sm text-red-700">
                  {ipError}
                </p>
              ) : null}
            </div>
          </div>

          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-5">
            <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
