'use server';

import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/define-action';
import { confirmSignUpSpec, signUpSpec } from '@/lib/onboarding/sign-up';

// Step one: the same answer whether or not the address has an account ("check your inbox"); nobody is signed in.
export const signUp = defineAction(signUpSpec);

// Step two, from the link in the mail: the account and the pending organization are made; then sign in.
export const confirmSignUp = defineAction(confirmSignUpSpec, {
  after() {
    redirect('/login?confirmed=1');
  },
});
