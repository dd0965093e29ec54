'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { PasskeyEnrolment } from '@/components/identity/passkey-enrolment';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Time } from '@/components/ui/time';
import type { PasskeyAvailability } from '@/lib/identity/passkey-relying-party';
import { finishPasskeyRegistration, removePasskey, renamePasskey, startPasskeyRegistration } from './actions';

export interface PasskeyItem {
  id: string;
  name: string;
  deviceType: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The person's passkeys: sign in without a password, and a second factor after one. */
export function PasskeysCard({ passkeys, availability }: { passkeys: PasskeyItem[]; availability: PasskeyAvailability }) {
  const rename = useActionForm(renamePasskey);
  const remove = useActionForm(removePasskey);
  return (
    <div className="space-y-6">
      <FormMessage state={rename.state} />
      <FormMessage state={remove.state} />
      {passkeys.length ? (
        <ul className="divide-y divide-zinc-100" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <li key={p.id} className="flex flex-wrap items-end justify-between gap-3 py-3">
              <form action={rename.formAction} className="flex items-end gap-2">
                <input type="hidden" name="passkeyId" value={p.id} />
                <Input label={`Name of passkey ${p.name}`} hideLabel name="name" defaultValue={p.name} maxLength={60} />
                <SubmitButton size="sm" variant="secondary">
                  Rename
                </SubmitButton>
              </form>
              <span className="text-sm text-zinc-600">
                {p.deviceType === 'multiDevice' ? 'Synced' : 'This device only'} · added <Time value={p.createdAt} />
                {p.lastUsedAt ? (
                  <>
                    {' '}
                    · last used <Time value={p.lastUsedAt} withTime />
                  </>
                ) : null}
              </span>
              <form action={remove.formAction}>
                <input type="hidden" name="passkeyId" value={p.id} />
                <SubmitButton size="sm" variant="danger" aria-label={`Remove passkey ${p.name}`}>
                  Remove
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-600">No passkeys yet. Add one to sign in with your fingerprint, face, device PIN or a security key.</p>
      )}
      {availability.ok ? (
        <PasskeyEnrolment start={startPasskeyRegistration} finish={finishPasskeyRegistration} />
      ) : (
        <p className="text-sm text-zinc-600">
          {availability.reason}{' '}
          {availability.openAt ? (
            <a href={`${availability.openAt}/account`} className="font-medium text-indigo-700 underline-offset-4 hover:underline">
              Open your account there
            </a>
          ) : null}
        </p>
      )}
    </div>
  );
}
