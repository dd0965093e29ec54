'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Input } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormAction } from '@/lib/actions/action-spec';
import { RecoveryCodes } from './recovery-codes';

interface TotpEnrolmentData {
  factorId: string;
  secret: string;
  qrCode: string;
}

/**
 * Adding an authenticator app: a QR code (and the secret, to type by hand), then a code from the app to
 * prove it works; the first factor brings the recovery codes, shown once. `done` follows the codes.
 */
export function TotpEnrolment({
  start,
  confirm,
  done,
}: {
  start: FormAction<TotpEnrolmentData>;
  confirm: FormAction<{ recoveryCodes: string[] | null }>;
  done?: React.ReactNode;
}) {
  const { state: startState, formAction: startAction } = useActionForm(start);
  const { state, formAction, formRef, onSubmit, values, fieldError } = useActionForm(confirm);
  const enrolment = startState?.ok ? startState.data : undefined;

  if (state?.ok) {
    const codes = state.data?.recoveryCodes;
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        {codes ? <RecoveryCodes codes={codes} /> : null}
        {done}
      </div>
    );
  }

  if (!enrolment) {
    return (
      <form action={startAction} className="space-y-4">
        <FormMessage state={startState} />
        <SubmitButton>Set up an authenticator app</SubmitButton>
      </form>
    );
  }

  return (
    <div className="grid gap-6 sm:grid-cols-[auto_1fr]">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server, nothing to optimize */}
      <img src={enrolment.qrCode} alt="QR code to scan with your authenticator app" width={200} height={200} className="rounded border border-zinc-200" />
      <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
        <FormMessage state={state} />
        <p className="text-sm text-zinc-600">
          Scan the code with an authenticator app (or type this key:{' '}
          <code className="font-mono break-all text-zinc-900" data-testid="totp-secret">
            {enrolment.secret}
          </code>
          ), then enter the 6 digits it shows.
        </p>
        <input type="hidden" name="factorId" value={enrolment.factorId} />
        <Input label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" required error={fieldError('code')} />
        <Input label="Name (optional)" name="name" maxLength={60} placeholder="Authenticator app" defaultValue={values.name} error={fieldError('name')} />
        <SubmitButton>Turn on two-factor sign-in</SubmitButton>
      </form>
    </div>
  );
}
