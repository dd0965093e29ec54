import type { Metadata } from 'next';
import Link from 'next/link';
import { safeCallbackUrl } from '../../callback-url';
import { ContinueToOrganizationSso } from './continue-button';

export const metadata: Metadata = { title: 'Single sign-on' };

type SearchParams = Record<string, string | string[] | undefined>;

/** Where /login sends an address whose domain belongs to an organization's single sign-on. */
export default async function ContinueSsoPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackUrl(Array.isArray(raw) ? raw[0] : raw);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Sign in with your organization</h1>
      <p className="mt-2 mb-8 text-sm text-zinc-600">Your email domain signs in through your organization’s identity provider.</p>
      <ContinueToOrganizationSso callbackUrl={callbackUrl} />
      <p className="mt-8 text-center text-sm text-zinc-600">
        <Link href="/login" className="font-medium text-indigo-700 underline-offset-4 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
