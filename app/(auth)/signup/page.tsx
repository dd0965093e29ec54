import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';
import { SignUpForm } from './signup-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await getActor()) redirect('/');
  return (
    <>
      <h1 id="signup-heading" className="text-2xl font-semibold tracking-tight text-zinc-900">
        Create your account
      </h1>
      <p className="mt-2 mb-8 text-sm text-zinc-600">
        Request access for your organization. We email you a link to confirm your address; keys unlock once our team approves your organization.
      </p>
      <SignUpForm />
      <p className="mt-8 text-center text-sm text-zinc-600">
        Already have an account?{' '}
        <Link href="/login" className="font-medium text-indigo-700 underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
