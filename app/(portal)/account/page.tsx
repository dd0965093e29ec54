import type { Metadata } from 'next';
import { actorRoleLabel } from '@/components/shell/role-label';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { getSession } from '@/lib/auth/session';
import { listMySessions } from '@/lib/identity/list-sessions';
import { passkeysOnThisPage } from '@/lib/identity/passkeys-on-this-page';
import { twoFactorOverview } from '@/lib/identity/two-factor-overview';
import { PasskeysCard } from './passkeys-card';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';
import { SessionsList } from './sessions-list';
import { TwoFactorCard } from './two-factor-card';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const actor = await requirePortalActor();
  const current = await getSession();
  const [sessions, twoFactor, passkeyAvailability] = await Promise.all([
    listMySessions(actor, current?.sessionId ?? null),
    twoFactorOverview(actor),
    passkeysOnThisPage(),
  ]);
  return (
    <>
      <PageHeader title="Account" description="Your sign-in details and how others see you." />
      <div className="space-y-6">
        <Card aria-labelledby="account-heading">
          <CardHeader title="Your account" titleId="account-heading" />
          <CardBody className="py-1">
            <dl className="divide-y divide-zinc-100">
              <DetailRow term="Email">{actor.email}</DetailRow>
              <DetailRow term="Role">{actorRoleLabel(actor)}</DetailRow>
              {actor.membership && !actor.staffRole ? <DetailRow term="Organization">{actor.membership.partnerName}</DetailRow> : null}
            </dl>
          </CardBody>
        </Card>

        <Card aria-labelledby="profile-form-heading">
          <CardHeader title="Profile" titleId="profile-form-heading" description="Your name as your team and our staff see it." />
          <CardBody>
            <ProfileForm name={actor.name} />
          </CardBody>
        </Card>

        <Card aria-labelledby="password-form-heading">
          <CardHeader title="Password" titleId="password-form-heading" description="Choose a new password of at least 10 characters." />
          <CardBody>
            <PasswordForm />
          </CardBody>
        </Card>

        <Card aria-labelledby="two-factor-heading">
          <CardHeader title="Two-factor sign-in" titleId="two-factor-heading" description="Add an authenticator app so that a stolen password is not enough." />
          <CardBody>
            <TwoFactorCard
              factors={twoFactor.factors.map((f) => ({ ...f, createdAt: f.createdAt.toISOString(), lastUsedAt: f.lastUsedAt?.toISOString() ?? null }))}
              passkeyCount={twoFactor.passkeys.length}
              recoveryCodesLeft={twoFactor.recoveryCodesLeft}
              required={twoFactor.required}
            />
          </CardBody>
        </Card>

        <Card aria-labelledby="passkeys-heading">
          <CardHeader
            title="Passkeys"
            titleId="passkeys-heading"
            description="Sign in without a password, with your device’s unlock or a security key. A passkey also counts as your second factor."
          />
          <CardBody>
            <PasskeysCard
              passkeys={twoFactor.passkeys.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null }))}
              availability={passkeyAvailability}
            />
          </CardBody>
        </Card>

        <Card aria-labelledby="sessions-heading">
          <CardHeader
            title="Sessions"
            titleId="sessions-heading"
            description="Where you are signed in. Not you, or a device you no longer use? End it: its next request is refused."
          />
          <CardBody>
            <SessionsList sessions={sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
