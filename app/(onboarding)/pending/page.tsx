import { Hourglass } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { OrganizationSwitcher } from '@/components/shell/organization-switcher';
import { roleLabel } from '@/components/shell/role-label';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { signOutAction } from '@/app/_actions/sign-out';
import { switchOrganization } from '@/app/_actions/switch-organization';
import { organizationsToSwitch } from '@/lib/account/switch-organization';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { getActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Awaiting approval' };

export default async function PendingPage() {
  const actor = await getActor();
  if (!actor) redirect('/login');
  const membership = actor.membership;
  if (actor.staffRole || membership?.partnerStatus !== 'pending') redirect('/');
  // A member of other organizations too can go back to one of them.
  const organizations = await organizationsToSwitch(actor);

  return (
    <Card className="p-8">
      <div className="flex size-12 items-center justify-center rounded-full bg-amber-50 text-amber-600 ring-1 ring-amber-200">
        <Hourglass aria-hidden="true" className="size-6" />
      </div>
      <h1 className="mt-5 text-xl font-semibold tracking-tight text-zinc-900">Your organization awaits approval</h1>
      <p className="mt-3 text-sm leading-6 text-zinc-600">
        Thanks for signing up, {actor.name}. Our staff will review your organization’s request shortly. Once it is approved, you can create API keys, watch your
        usage and read the documentation. There is nothing else you need to do; sign in again later to check.
      </p>
      <dl className="mt-6 divide-y divide-zinc-100 rounded-lg border border-zinc-200 text-sm">
        <div className="flex items-center justify-between gap-4 px-4 py-3">
          <dt className="text-zinc-500">Organization</dt>
          <dd className="font-medium text-zinc-900">{membership.partnerName}</dd>
        </div>
        <div className="flex items-center justify-between gap-4 px-4 py-3">
          <dt className="text-zinc-500">Status</dt>
          <dd>
            <Badge tone="warning">Pending review</Badge>
          </dd>
        </div>
        <div className="flex items-center justify-between gap-4 px-4 py-3">
          <dt className="text-zinc-500">Signed in as</dt>
          <dd className="truncate text-zinc-900">{actor.email}</dd>
        </div>
      </dl>
      <div className="mt-6 flex flex-wrap items-center justify-end gap-3">
        {organizations.length > 1 ? (
          <OrganizationSwitcher
            organizations={organizations.map((o) => ({ partnerId: o.partnerId, name: o.name, roleLabel: roleLabel(o.role) }))}
            currentId={membership.partnerId}
            action={switchOrganization}
          />
        ) : null}
        <SignOutButton action={signOutAction} />
      </div>
    </Card>
  );
}
