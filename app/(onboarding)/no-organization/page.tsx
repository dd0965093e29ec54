import { UserX } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { signOutAction } from '@/app/_actions/sign-out';
import { Card } from '@/components/ui/card';
import { getActor } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'No organization' };

export default async function NoOrganizationPage() {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (actor.staffRole || actor.membership) redirect('/');

  return (
    <Card className="p-8">
      <div className="flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-600 ring-1 ring-zinc-200">
        <UserX aria-hidden="true" className="size-6" />
      </div>
      <h1 className="mt-5 text-xl font-semibold tracking-tight text-zinc-900">You are not a member of any organization</h1>
      <p className="mt-3 text-sm leading-6 text-zinc-600">
        Your account <span className="font-medium text-zinc-900">{actor.email}</span> is not part of a partner organization, so there is nothing to show yet.
        Ask your organization’s admin to invite you, or contact our support team.
      </p>
      <div className="mt-6 flex justify-end">
        <SignOutButton action={signOutAction} />
      </div>
    </Card>
  );
}
