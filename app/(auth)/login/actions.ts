'use server';

import { AuthError } from 'next-auth';
import type { ActionResult } from '@/lib/actions/action-spec';
import { signIn } from '@/lib/auth/auth';
import { safeCallbackUrl } from '../callback-url';
import { genericSignInError, signInErrorMessage } from '../sign-in-errors';

export async function signInWithPassword(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const email = formData.get('email');
  const password = formData.get('password');
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
