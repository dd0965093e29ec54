'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/define-action';
import { signIn } from '@/lib/auth/auth';
import { signUpSpec } from '@/lib/auth/sign-up';

export const signUp = defineAction(signUpSpec, {
  // The account exists now; sign the new user in and go to the portal (which shows /pending).
  async after(value, formData) {
    try {
      await signIn('credentials', { email: value.email, password: String(formData.get('password') ?? ''), redirectTo: '/' });
    } catch (error) {
      if (error instanceof AuthError) redirect('/login');
      throw error;
    }
  },
});
