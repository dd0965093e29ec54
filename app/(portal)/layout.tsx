import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { organizationsToSwitch } from '@/lib/account/switch-organization';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { signOutAction } from '@/app/_actions/sign-out';
import { switchOrganization } from '@/app/_actions/switch-organization';

// Layouts are not re-run on client navigation, so every page below calls requirePortalActor() too.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalActor();
  const organizations = await organizationsToSwitch(actor);
  return (
    <AppShell actor={actor} signOutAction={signOutAction} organizations={organizations} switchOrganizationAction={switchOrganization}>
      {children}
    </AppShell>
  );
}
