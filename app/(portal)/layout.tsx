import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { signOutAction } from '@/app/_actions/sign-out';

// Layouts are not re-run on client navigation, so every page below calls requirePortalActor() too.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalActor();
  return (
    <AppShell actor={actor} signOutAction={signOutAction}>
      {children}
    </AppShell>
  );
}
