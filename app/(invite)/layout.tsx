import type { ReactNode } from 'react';
import { Logo } from '@/components/shell/logo';

/** Invitation links: public, one centered card, nothing of the portal until the invitation is accepted. */
export default function InviteLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-zinc-50">
      <header className="px-6 py-5">
        <Logo />
      </header>
      <main id="portal-main" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 pt-8 pb-16 focus:outline-none sm:pt-16">
        <div className="w-full max-w-md">{children}</div>
      </main>
    </div>
  );
}
