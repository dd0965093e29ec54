'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { finishPasskeyRegistrationSpec, startPasskeyRegistrationSpec } from '@/lib/account/passkeys';
import { confirmTotpEnrolmentSpec, startTotpEnrolmentSpec } from '@/lib/account/two-factor';
import type { ActionResult } from '@/lib/actions/action-spec';
import { defineAction } from '@/lib/actions/define-action';
import { getSessionActor } from '@/lib/auth/session';
import { publicOrigin } from '@/lib/auth/public-origin';
import { clientIp } from '@/lib/http/client-ip';
import { isPasskeyAnswer, PASSKEY_ANSWER_MAX_LENGTH } from '@/lib/identity/passkey-answer';
import { completeSecondFactorSignIn } from '@/lib/identity/second-factor-sign-in';
import { safeCallbackUrl } from '../callback-url';

/**
 * The second step of signing in (like the password step, an Auth.js-session matter rather than an action
 * spec): the code opens the session, throttled like passwords, audited either way.
 */
export async function verifySecondFactor(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const code = formData.get('code');
  if (typeof code !== 'string' || !code.trim() || code.length > (isPasskeyAnswer(code) ? PASSKEY_ANSWER_MAX_LENGTH : 40)) {
    return { ok: false, error: 'Enter the code from your authenticator app, or a recovery code.', fieldErrors: { code: ['Enter a code'] } };
  }
  const [loaded, h] = await Promise.all([getSessionActor(), headers()]);
  if (!loaded || loaded.gate !== 'second_factor') return { ok: false, error: 'Your sign-in has ended. Please sign in again.' };
  const outcome = await completeSecondFactorSignIn({
    userId: loaded.actor.userId,
    email: loaded.actor.email,
    sessionId: loaded.sessionId,
    code,
    ip: clientIp(h),
    userAgent: h.get('user-agent'),
    origin: publicOrigin(h),
  });
  if (!outcome.ok) {
    const message =
      outcome.reason === 'throttled'
        ? 'Too many wrong codes. Try again in 15 minutes.'
        : isPasskeyAnswer(code)
          ? 'That passkey could not be verified. Try again, or type a code.'
          : 'That code is not right, or was already used.';
    return { ok: false, error: message, fieldErrors: { code: [message] } };
  }
  redirect(safeCallbackUrl(formData.get('callbackUrl')) ?? '/');
}

export const startEnrolment = defineAction(startTotpEnrolmentSpec, { duringEnrolment: true });
export const confirmEnrolment = defineAction(confirmTotpEnrolmentSpec, { duringEnrolment: true });
export const startPasskeyEnrolment = defineAction(startPasskeyRegistrationSpec, { duringEnrolment: true });
export const finishPasskeyEnrolment = defineAction(finishPasskeyRegistrationSpec, { duringEnrolment: true });
