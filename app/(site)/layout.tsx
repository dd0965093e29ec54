import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { PublicShell } from '@/components/shell/public-shell';
import { currentDocReader } from '@/lib/docs/doc-reader';
import { signOutAction } from '@/app/_actions/sign-out';

// The docs and the API reference: read in the portal by its members, and by anyone else (signed out,
// or awaiting approval) in the public frame, where only public docs are listed.
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const { actor } = await currentDocReader();
  if (!actor) return <PublicShell>{children}</PublicShell>;
  return (
    <AppShell actor={actor} signOutAction={signOutAction}>
      {children}
    </AppShell>
  );
}
