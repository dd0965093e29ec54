import type { ReactNode } from 'react';
import { Logo } from '@/components/shell/logo';

/** Signed-in users who cannot use the portal yet: one centered message. */
export default function OnboardingLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-zinc-50">
      <header className="px-6 py-5">
        <Logo />
      </header>
      <main id="portal-main" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 pt-8 pb-16 focus:outline-none sm:pt-16">
        <div className="w-full max-w-lg">{children}</div>
      </main>
    </div>
  );
}
