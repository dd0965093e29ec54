'use server';

import { AuthError } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/actions/action-spec';
import { signIn } from '@/lib/auth/auth';
import { SSO_ORGANIZATION_COOKIE, SSO_ORGANIZATION_COOKIE_MAX_AGE_S, ssoRouteAtSignIn } from '@/lib/identity/organization-sso-provider';
import { defineAction } from '@/lib/actions/define-action';
import { startPasskeySignInSpec } from '@/lib/identity/passkey-sign-in';
import { safeCallbackUrl } from '../callback-url';
import { genericSignInError, signInErrorMessage } from '../sign-in-errors';

export async function signInWithPassword(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const email = formData.get('email');
  const password = formData.get('password');
  // An address of a domain with its organization's single sign-on: that provider signs it in (always when
  // enforced; when the password is left blank otherwise).
  const route = typeof email === 'string' && email.includes('@') ? await ssoRouteAtSignIn(email.trim()) : null;
  if (route && (route.enforced || !password)) {
    (await cookies()).set(SSO_ORGANIZATION_COOKIE, route.partnerId, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: SSO_ORGANIZATION_COOKIE_MAX_AGE_S });
    redirect(`/sso/continue${callbackQuery(formData.get('callbackUrl'))}`);
  }
  const fieldErrors: Record<string, string[]> = {};
  if (typeof email !== 'string' || !email.trim()) fieldErrors.email = ['Enter your email'];
  if (typeof password !== 'string' || !password) fieldErrors.password = ['Enter your password'];
  if (typeof email !== 'string' || typeof password !== 'string' || Object.keys(fieldErrors).length) {
    return { ok: false, error: 'Enter your email and password.', fieldErrors };
  }

  try {
    await signIn('credentials', {
      email: email.trim(),
      password,
      redirectTo: safeCallbackUrl(formData.get('callbackUrl')) ?? '/',
    });
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: signInErrorMessage(error) };
    throw error; // The redirect of a successful sign-in travels as a thrown error.
  }
  return { ok: false, error: genericSignInError };
}

function callbackQuery(value: FormDataEntryValue | null): string {
  const url = safeCallbackUrl(value);
  return url ? `?callbackUrl=${encodeURIComponent(url)}` : '';
}

/** A passwordless sign-in, step one: the challenge for the browser's passkey prompt. */
export const startPasskeySignIn = defineAction(startPasskeySignInSpec);

/** Step two: the browser's answer goes to Auth.js's `passkey` provider, which opens the session. */
export async function signInWithPasskey(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const challengeId = formData.get('challengeId');
  const credential = formData.get('credential');
  if (typeof challengeId !== 'string' || typeof credential !== 'string' || !challengeId || !credential) {
    return { ok: false, error: 'Your browser sent no passkey. Try again.' };
  }
  try {
    await signIn('passkey', { challengeId, credential, redirectTo: safeCallbackUrl(formData.get('callbackUrl')) ?? '/' });
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: signInErrorMessage(error) };
    throw error; // The redirect of a successful sign-in travels as a thrown error.
  }
  return { ok: false, error: genericSignInError };
}
