'use client';

import { Ban, RotateCw } from 'lucide-react';
import { ConfirmActionForm } from '@/components/forms/confirm-action-form';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { OneTimeSecret } from '@/components/keys/one-time-secret';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Select } from '@/components/ui/field';
import { formatDateTime } from '@/components/ui/format';
import { SubmitButton } from '@/components/ui/submit-button';
import { revokeKey, rotateKey } from '../actions';

const graceOptions = [
  { value: 'now', label: 'Stop now' },
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
];

/**
 * Rotate and revoke. Always mounted on the key's page, whatever the key's state: a rotation or a
 * revocation changes the key (the forms disappear once it is expired or revoked) and the outcome,
 * above all the new key's one-time secret, must outlive the forms.
 */
export function KeyActions({ keyId, keyName, canManage }: { keyId: string; keyName: string; canManage: boolean }) {
  const {
    state: rotateState,
    formAction: rotateAction,
    values: rotateValues,
    formRef: rotateFormRef,
    onSubmit: onRotateSubmit,
    fieldError: rotateFieldError,
  } = useActionForm(rotateKey);
  const { state: revokeState, formAction: revokeAction } = useActionForm(revokeKey);
  const rotated = rotateState?.ok && rotateState.data ? rotateState.data : null;

  if (rotated) {
    return (
      <OneTimeSecret secret={rotated.secret} keyId={rotated.keyId}>
        <p>
          A new key <code className="font-mono text-xs text-zinc-900">{rotated.prefix}</code> replaces “{keyName}”.{' '}
          {rotateValues.grace === 'now' ? 'The old key no longer works.' : `The old key keeps working until ${formatDateTime(rotated.oldKeyExpiresAt)}.`}
        </p>
      </OneTimeSecret>
    );
  }

  return (
    <>
      <FormMessage state={revokeState} />
      {canManage ? (
        <div className="grid gap-6 md:grid-cols-2">
          <Card aria-labelledby="rotate-heading">
            <CardHeader
              title="Rotate"
              titleId="rotate-heading"
              description="Get a new secret with the same settings. The old key can keep working for a while, so you can switch over without downtime."
            />
            <CardBody>
              <form ref={rotateFormRef} action={rotateAction} onSubmit={onRotateSubmit} noValidate aria-labelledby="rotate-heading" className="space-y-4">
                <FormMessage state={rotateState} />
                <input type="hidden" name="keyId" value={keyId} />
                <Select
                  label="Old key keeps working"
                  name="grace"
                  defaultValue={rotateValues.grace ?? '24h'}
                  key={`grace-${rotateValues.grace ?? ''}`}
                  error={rotateFieldError('grace')}
                  className="max-w-xs"
                >
                  {graceOptions.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
                <SubmitButton variant="secondary" pendingLabel="Rotating…">
                  <RotateCw aria-hidden="true" />
                  Rotate key
                </SubmitButton>
              </form>
            </CardBody>
          </Card>

          <Card aria-labelledby="revoke-heading">
            <CardHeader title="Revoke" titleId="revoke-heading" description="Stop this key at once: every request with it is refused. This cannot be undone." />
            <CardBody>
              <RevokeForm keyId={keyId} keyName={keyName} action={revokeAction} />
            </CardBody>
          </Card>
        </div>
      ) : null}
    </>
  );
}

/** Revoking cannot be undone, so it takes two steps: "Revoke key", then "Yes, revoke". */
function RevokeForm({ keyId, keyName, action }: { keyId: string; keyName: string; action: (formData: FormData) => void }) {
  return (
    <ConfirmActionForm
      action={action}
      fields={{ keyId }}
      aria-labelledby="revoke-heading"
      trigger={
        <>
          <Ban aria-hidden="true" />
          Revoke key
        </>
      }
      prompt={<>Revoke “{keyName}”? Requests with it are refused from now on.</>}
      confirmLabel="Yes, revoke"
      pendingLabel="Revoking…"
    />
  );
}
