'use server';

import { AuthError } from 'next-auth';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/define-action';
import { signIn, signOut } from '@/lib/auth/auth';
import { acceptInviteSpec, signUpWithInviteSpec } from '@/lib/invites/accept-invite';

/** A signed-in user whose email is the invited one joins the organization. */
export const acceptInvitation = defineAction(acceptInviteSpec, {
  after() {
    // The user's organization (and so every portal page) just changed.
    revalidatePath('/', 'layout');
    redirect('/');
  },
});

/** A newcomer creates the account for the invited email, joins, and is signed in. */
export const signUpAndJoin = defineAction(signUpWithInviteSpec, {
  async after(value, formData) {
    try {
      await signIn('credentials', { email: value.email, password: String(formData.get('password') ?? ''), redirectTo: '/' });
    } catch (error) {
      if (error instanceof AuthError) redirect('/login');
      throw error; // The redirect of a successful sign-in travels as a thrown error.
    }
  },
});

// Invitation tokens are base62 (lib/invites/invite-token.ts); anything else does not go into a redirect.
const tokenPattern = /^[A-Za-z0-9]{10,100}$/;

/** Signed in with another email: sign out and come back to the same invitation. */
export async function signOutAndReturn(formData: FormData): Promise<void> {
  const token = formData.get('token');
  await signOut({ redirectTo: typeof token === 'string' && tokenPattern.test(token) ? `/invite/${token}` : '/login' });
}
