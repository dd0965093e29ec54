'use client';

import { KeyRound, Send } from 'lucide-react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import { OneTimeValue } from '@/components/ui/one-time-value';
import { SubmitButton } from '@/components/ui/submit-button';
import { saveWebhook, sendTestAlert } from './actions';

/** Where the organization's alerts are POSTed, its signing secret (shown once) and a test delivery. */
export function WebhookForm({ currentUrl }: { currentUrl: string | null }) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(saveWebhook);
  const { state: testState, formAction: testAction } = useActionForm(sendTestAlert);
  const secret = state?.ok ? (state.data?.secret ?? null) : null;

  return (
    <Card aria-labelledby="webhook-heading">
      <CardHeader
        title="Webhook"
        titleId="webhook-heading"
        description="We POST each alert, when it is raised and when it is resolved, as JSON to this address."
      />
      <CardBody className="space-y-4">
        {secret ? (
          <OneTimeValue
            nested
            heading="Webhook saved"
            label="Signing secret"
            value={secret}
            noun="signing secret"
            icon={KeyRound}
            note="Copy it now: it is not shown again. Saving the webhook again makes a new secret."
            actions={null}
          >
            Verify each delivery: <code className="font-mono text-xs">X-Partner-Portal-Signature</code> is <code className="font-mono text-xs">sha256=</code>{' '}
            and the hex HMAC-SHA256 of the raw body with this secret.
          </OneTimeValue>
        ) : (
          <FormMessage state={state} />
        )}
        <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-labelledby="webhook-heading" className="space-y-4">
          <Input
            label="Webhook URL"
            name="url"
            type="url"
            inputMode="url"
            placeholder="https://example.com/hooks/partner-portal"
            defaultValue={values.url ?? currentUrl ?? ''}
            key={`url-${values.url ?? currentUrl ?? ''}`}
            error={fieldError('url')}
            hint="https only. Saving makes a new signing secret."
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            className="max-w-xl"
          />
          <SubmitButton pendingLabel="Saving…">Save webhook</SubmitButton>
        </form>
        {currentUrl ? (
          <form action={testAction} className="space-y-3 border-t border-zinc-100 pt-4">
            <FormMessage state={testState} />
            <SubmitButton variant="secondary" pendingLabel="Sending…">
              <Send aria-hidden="true" />
              Send test alert
            </SubmitButton>
          </form>
        ) : null}
      </CardBody>
    </Card>
  );
}
