import { Building2, LinkIcon, LogOut } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { roleLabel } from '@/components/shell/role-label';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { formatDateTime } from '@/components/ui/format';
import { SubmitButton } from '@/components/ui/submit-button';
import { getActor } from '@/lib/auth/session';
import { lookUpInvite } from '@/lib/invites/find-invite';
import { AcceptInvitationForm } from './accept-form';
import { signOutAndReturn } from './actions';
import { JoinForm } from './join-form';

export const metadata: Metadata = {
  title: 'Invitation',
  robots: { index: false, follow: false },
  // The token is in the URL: never hand it to another site.
  referrer: 'no-referrer',
};

const roleDescriptions = {
  partner_admin: 'You will manage the organization’s profile, members and API keys.',
  developer: 'You will create test keys, watch usage and read the documentation.',
} as const;

const linkClasses = 'font-medium text-indigo-700 underline-offset-4 hover:underline';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [lookup, actor] = await Promise.all([lookUpInvite(token), getActor()]);

  if (!lookup.ok) {
    return (
      <Card className="p-8">
        <div className="flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-600 ring-1 ring-zinc-200">
          <LinkIcon aria-hidden="true" className="size-6" />
        </div>
        <h1 className="mt-5 text-xl font-semibold tracking-tight text-zinc-900">This invitation can’t be used</h1>
        <p className="mt-3 text-sm leading-6 text-zinc-600">{lookup.message}</p>
        <div className="mt-6 flex justify-end">
          {actor ? (
            <ButtonLink href="/">Go to the dashboard</ButtonLink>
          ) : (
            <ButtonLink href="/login" variant="primary">
              Sign in
            </ButtonLink>
          )}
        </div>
      </Card>
    );
  }

  const { invite, partnerName } = lookup;
  const invitePath = `/invite/${encodeURIComponent(token)}`;
  const loginHref = `/login?callbackUrl=${encodeURIComponent(invitePath)}`;
  const sameEmail = actor !== null && actor.email.toLowerCase() === invite.email.toLowerCase();

  return (
    <Card className="p-8">
      <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-1 ring-indigo-200">
        <Building2 aria-hidden="true" className="size-6" />
      </div>
      <h1 id="invite-heading" className="mt-5 text-xl font-semibold tracking-tight text-zinc-900">
        Join {partnerName}
      </h1>
      <p className="mt-3 text-sm leading-6 text-zinc-600">
        You are invited to join <span className="font-medium text-zinc-900">{partnerName}</span> on the Partner Portal as{' '}
        <span className="font-medium text-zinc-900">{roleLabel(invite.role).toLowerCase()}</span>. {roleDescriptions[invite.role]}
      </p>
      <dl className="mt-6 divide-y divide-zinc-100 rounded-lg border border-zinc-200 text-sm">
        <div className="flex items-center justify-between gap-4 px-4 py-3">
          <dt className="text-zinc-500">Invited email</dt>
          <dd className="min-w-0 font-medium break-all text-zinc-900">{invite.email}</dd>
        </div>
        <div className="flex items-center justify-between gap-4 px-4 py-3">
          <dt className="text-zinc-500">Role</dt>
          <dd className="font-medium text-zinc-900">{roleLabel(invite.role)}</dd>
        </div>
        <div className="flex items-center justify-between gap-4 px-4 py-3">
          <dt className="text-zinc-500">Expires</dt>
          <dd className="text-zinc-900">{formatDateTime(invite.expiresAt)}</dd>
        </div>
      </dl>

      <div className="mt-6">
        {sameEmail ? (
          <>
            <p className="mb-4 text-sm text-zinc-600">
              You are signed in as <span className="font-medium text-zinc-900">{actor.email}</span>.
            </p>
            <AcceptInvitationForm token={token} />
          </>
        ) : actor ? (
          <>
            <Alert tone="warning" title="This invitation is for another email">
              You are signed in as <span className="font-medium">{actor.email}</span>, but the invitation is for{' '}
              <span className="font-medium">{invite.email}</span>. Sign out, and you come back here to sign in or create an account with that email.
            </Alert>
            <form action={signOutAndReturn} className="mt-4 flex flex-wrap justify-end gap-3">
              <input type="hidden" name="token" value={token} />
              <ButtonLink href="/">Go to the dashboard</ButtonLink>
              <SubmitButton>
                <LogOut aria-hidden="true" />
                Sign out
              </SubmitButton>
            </form>
          </>
        ) : (
          <>
            <h2 id="join-heading" className="mb-4 text-base font-semibold text-zinc-900">
              Create your account
            </h2>
            <JoinForm token={token} email={invite.email} loginHref={loginHref} />
            <p className="mt-6 text-center text-sm text-zinc-600">
              <Link href={loginHref} className={linkClasses}>
                I already have an account
              </Link>
            </p>
          </>
        )}
      </div>
    </Card>
  );
}
