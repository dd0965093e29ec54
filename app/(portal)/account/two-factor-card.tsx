'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { RecoveryCodes } from '@/components/identity/recovery-codes';
import { TotpEnrolment } from '@/components/identity/totp-enrolment';
import { Badge } from '@/components/ui/badge';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { Time } from '@/components/ui/time';
import { confirmTotpEnrolment, regenerateRecoveryCodes, removeFactor, renameFactor, startTotpEnrolment } from './actions';

export interface FactorItem {
  id: string;
  kind: 'totp';
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const kindLabels: Record<FactorItem['kind'], string> = { totp: 'Authenticator app' };

export function TwoFactorCard({
  factors,
  passkeyCount,
  recoveryCodesLeft,
  required,
}: {
  factors: FactorItem[];
  passkeyCount: number;
  recoveryCodesLeft: number;
  required: boolean;
}) {
  const rename = useActionForm(renameFactor);
  const remove = useActionForm(removeFactor);
  const regenerate = useActionForm(regenerateRecoveryCodes);
  const newCodes = regenerate.state?.ok ? regenerate.state.data?.recoveryCodes : null;

  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-700">
        {factors.length || passkeyCount ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}{' '}
        {required ? 'Required for your account.' : 'A code from your phone (or a passkey), asked after your password.'}
      </p>
      <FormMessage state={rename.state} />
      <FormMessage state={remove.state} />
      {factors.length ? (
        <ul className="divide-y divide-zinc-100" aria-label="Your factors">
          {factors.map((f) => (
            <li key={f.id} className="flex flex-wrap items-end justify-between gap-3 py-3">
              <form action={rename.formAction} className="flex items-end gap-2">
                <input type="hidden" name="factorId" value={f.id} />
                <Input label={`Name of ${f.name} (${kindLabels[f.kind]})`} hideLabel name="name" defaultValue={f.name} maxLength={60} />
                <SubmitButton size="sm" variant="secondary">
                  Rename
                </SubmitButton>
              </form>
              <span className="text-sm text-zinc-600">
                Added <Time value={f.createdAt} />
                {f.lastUsedAt ? (
                  <>
                    {' '}
                    · last used <Time value={f.lastUsedAt} withTime />
                  </>
                ) : null}
              </span>
              <form action={remove.formAction}>
                <input type="hidden" name="factorId" value={f.id} />
                <SubmitButton size="sm" variant="danger" aria-label={`Remove ${f.name}`}>
                  Remove
                </SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      {factors.length ? (
        <form action={regenerate.formAction} className="space-y-3">
          <FormMessage state={regenerate.state} />
          {newCodes ? <RecoveryCodes codes={newCodes} /> : null}
          <p className="text-sm text-zinc-600">{recoveryCodesLeft} of 10 recovery codes left.</p>
          <SubmitButton size="sm" variant="secondary">
            New recovery codes
          </SubmitButton>
        </form>
      ) : null}
      <TotpEnrolment start={startTotpEnrolment} confirm={confirmTotpEnrolment} />
    </div>
  );
}
