import type { ActionResult } from '@/lib/actions/action-spec';
import { Alert } from '@/components/ui/alert';
import { cn } from '@/components/ui/cn';
import { Input } from '@/components/ui/field';
import { PasskeyAnswerButton } from '@/components/identity/passkey-answer-button';

/**
 * The form-level outcome of an action: an error in `role="alert"`, a success message in a
 * `role="status"` region. The status region is always rendered (visually hidden while empty) so
 * that screen readers announce the message that appears in it.
 */
export function FormMessage({ state, className }: { state: ActionResult | null; className?: string }) {
  const error = state && !state.ok ? formLevelError(state) : null;
  const success = state?.ok ? state.message : null;
  // A step-up (lib/auth/policy.ts): the code field goes into the form, and the same submission is sent again with it.
  const stepUp = state && !state.ok ? state.fieldErrors?.stepUpCode : undefined;
  const stepUpPasskey = state && !state.ok ? state.fieldErrors?.stepUpPasskey : undefined;
  return (
    <>
      {stepUp ? (
        <Input
          label="Confirm it’s you"
          name="stepUpCode"
          autoComplete="one-time-code"
          autoFocus
          required
          hint="A code from your authenticator app, or a recovery code. Then submit again."
          error={stepUp}
          className={cn('max-w-xs', className)}
        />
      ) : null}
      {stepUp && stepUpPasskey ? <PasskeyAnswerButton field="stepUpCode" className={className} /> : null}
      <div role="status" className={success ? className : 'sr-only'}>
        {success ? <Alert tone="success">{success}</Alert> : null}
      </div>
      {error ? (
        <Alert tone="error" role="alert" className={className}>
          {error}
        </Alert>
      ) : null}
    </>
  );
}

/** When the error is one field's own message, that field shows it; the summary points there instead of repeating it. */
function formLevelError(state: Extract<ActionResult, { ok: false }>): string {
  // zod issues without a path belong to the whole form.
  const formErrors = state.fieldErrors?._form;
  if (state.fieldErrors?.stepUpCode) return 'This needs a fresh second factor.';
  if (formErrors?.length) return formErrors.join(' ');
  const fieldMessages = Object.entries(state.fieldErrors ?? {})
    .filter(([name]) => name !== '_form')
    .flatMap(([, messages]) => messages);
  return fieldMessages.includes(state.error) ? 'Please correct the highlighted fields.' : state.error;
}
