import type { Metadata } from 'next';
import Link from 'next/link';
import { signUpLinkUsable } from '@/lib/onboarding/sign-up';
import { ConfirmSignUpForm } from './confirm-form';

export const metadata: Metadata = {
  title: 'Confirm your email',
  robots: { index: false, follow: false },
  // The token is in the URL: never hand it to another site.
  referrer: 'no-referrer',
};

/**
 * Opening the link changes nothing (mail scanners open links too): the account is created by the button,
 * a POST.
 */
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await signUpLinkUsable(token);
  return (
    <>
      <h1 id="confirm-heading" className="text-2xl font-semibold tracking-tight text-zinc-900">
        Confirm your email
      </h1>
      {link.ok ? (
        <>
          <p className="mt-2 mb-8 text-sm text-zinc-600">
            Create the account for <span className="font-medium text-zinc-900">{link.email}</span> and send your organization’s request to our team.
          </p>
          <ConfirmSignUpForm token={token} />
        </>
      ) : (
        <p className="mt-2 mb-8 text-sm text-zinc-600">{link.message}</p>
      )}
      <p className="mt-8 text-center text-sm text-zinc-600">
        <Link href="/login" className="font-medium text-indigo-700 underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
