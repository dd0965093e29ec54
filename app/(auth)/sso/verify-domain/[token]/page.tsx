import type { Metadata } from 'next';
import { ConfirmDomainForm } from './confirm-domain-form';

export const metadata: Metadata = {
  title: 'Confirm a domain for single sign-on',
  robots: { index: false, follow: false },
  // The token is in the URL: never hand it to another site.
  referrer: 'no-referrer',
};

/** Opening the link changes nothing (mail scanners open links too): the button, a POST, verifies the domain. */
export default async function VerifyDomainPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 id="verify-domain-heading" className="text-2xl font-semibold tracking-tight text-zinc-900">
        Confirm a domain for single sign-on
      </h1>
      <p className="mt-2 mb-8 text-sm text-zinc-600">
        An organization on the Partner Portal asked to sign in the people of your email domain through its own identity provider. Confirm only if it is yours.
      </p>
      <ConfirmDomainForm token={token} />
    </>
  );
}
