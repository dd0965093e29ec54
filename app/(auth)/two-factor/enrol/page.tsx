import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { signOutAction } from '@/app/_actions/sign-out';
import { TotpEnrolment } from '@/components/identity/totp-enrolment';
import { ButtonLink } from '@/components/ui/button';
import { getSessionActor } from '@/lib/auth/session';
import { PasskeyEnrolment } from '@/components/identity/passkey-enrolment';
import { passkeysOnThisPage } from '@/lib/identity/passkeys-on-this-page';
import { confirmEnrolment, finishPasskeyEnrolment, startEnrolment, startPasskeyEnrolment } from '../actions';

export const metadata: Metadata = { title: 'Set up two-factor sign-in' };

/**
 * For a user who must use two-factor and has no factor yet: nothing else in the portal works (the server
 * refuses the session everywhere else) until this is done.
 */
export default async function EnrolPage() {
  const loaded = await getSessionActor();
  if (!loaded) redirect('/login');
  if (loaded.gate === 'second_factor') redirect('/two-factor');
  // Already enrolled: a page reload after the recovery codes were shown lands here.
  if (loaded.gate === 'ok' && loaded.actor.secondFactor?.enrolled) redirect('/');
  const passkeys = await passkeysOnThisPage();
  const continueLink = (
    <ButtonLink href="/" variant="primary">
      Continue to the portal
    </ButtonLink>
  );
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Set up two-factor sign-in</h1>
      <p className="mt-2 mb-8 text-sm text-zinc-600">
        Your {loaded.actor.staffRole ? 'portal' : 'organization'} requires a second factor for {loaded.actor.email}. Add an authenticator app
        {passkeys.ok ? ' or a passkey' : ''} to continue.
      </p>
      <TotpEnrolment start={startEnrolment} confirm={confirmEnrolment} done={continueLink} />
      {passkeys.ok ? (
        <section aria-labelledby="enrol-passkey-heading" className="mt-8 border-t border-zinc-200 pt-6">
          <h2 id="enrol-passkey-heading" className="mb-3 text-sm font-semibold text-zinc-900">
            Or add a passkey
          </h2>
          <PasskeyEnrolment start={startPasskeyEnrolment} finish={finishPasskeyEnrolment} done={continueLink} />
        </section>
      ) : null}
      <form action={signOutAction} className="mt-8 text-center">
        <button type="submit" className="text-sm font-medium text-indigo-700 underline-offset-4 hover:underline">
          Sign out
        </button>
      </form>
    </>
  );
}
