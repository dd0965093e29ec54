import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { signOutAction } from '@/app/_actions/sign-out';
import { getSessionActor } from '@/lib/auth/session';
import { safeCallbackUrl } from '../callback-url';
import { passkeysOnThisPage } from '@/lib/identity/passkeys-on-this-page';
import { SecondFactorForm } from './second-factor-form';

export const metadata: Metadata = { title: 'Two-factor sign-in' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** After a right password, for a user with a second factor: the session does nothing until the code is given. */
export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const loaded = await getSessionActor();
  if (!loaded) redirect('/login');
  if (loaded.gate === 'enrol') redirect('/two-factor/enrol');
  if (loaded.gate === 'ok') redirect('/');
  const params = await searchParams;
  const passkey = Boolean(loaded.actor.secondFactor?.passkey) && (await passkeysOnThisPage()).ok;
  return (
    <>
      <h1 id="two-factor-heading" className="text-2xl font-semibold tracking-tight text-zinc-900">
        Confirm it’s you
      </h1>
      <p className="mt-2 mb-8 text-sm text-zinc-600">
        Signing in as {loaded.actor.email}. Enter a code from your authenticator app{passkey ? ', or use a passkey' : ''}.
      </p>
      <SecondFactorForm callbackUrl={safeCallbackUrl(first(params.callbackUrl))} passkey={passkey} />
      <form action={signOutAction} className="mt-8 text-center">
        <button type="submit" className="text-sm font-medium text-indigo-700 underline-offset-4 hover:underline">
          Cancel and sign out
        </button>
      </form>
    </>
  );
}
