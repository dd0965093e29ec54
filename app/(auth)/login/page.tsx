import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { getActor } from '@/lib/auth/session';
import { safeCallbackUrl } from '../callback-url';
import { signInMessageForCode } from '../sign-in-errors';
import { PasskeySignInButton } from '@/components/identity/passkey-sign-in-button';
import { passkeysOnThisPage } from '@/lib/identity/passkeys-on-this-page';
import { signInWithPasskey, startPasskeySignIn } from './actions';
import { LoginForm } from './login-form';
import { StaffSsoButton } from './staff-sso-button';
import { staffOidcConfig } from '@/lib/identity/staff-oidc-config';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  if (await getActor()) redirect('/');
  const params = await searchParams;
  // Auth.js sends failed sign-ins that did not come through our form here with `?error=…&code=…`.
  const initialError = first(params.error) ? signInMessageForCode(first(params.code)) : null;
  const staffSso = staffOidcConfig();
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  const passkeys = await passkeysOnThisPage();

  return (
    <>
      <h1 id="login-heading" className="text-2xl font-semibold tracking-tight text-zinc-900">
        Sign in
      </h1>
      <p className="mt-2 mb-8 text-sm text-zinc-600">Welcome back. Sign in to manage your API access.</p>
      {first(params.confirmed) === '1' ? (
        <Alert tone="success" role="status" className="mb-6">
          Your email is confirmed and your account is ready. Sign in to continue.
        </Alert>
      ) : null}
      <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      {passkeys.ok ? <PasskeySignInButton start={startPasskeySignIn} signIn={signInWithPasskey} callbackUrl={callbackUrl} /> : null}
      {staffSso ? <StaffSsoButton name={staffSso.name} callbackUrl={callbackUrl} /> : null}
      <p className="mt-8 text-center text-sm text-zinc-600">
        New to the portal?{' '}
        <Link href="/signup" className="font-medium text-indigo-700 underline-offset-4 hover:underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
