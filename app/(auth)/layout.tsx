import { BookOpen, Gauge, KeyRound, LockKeyhole } from 'lucide-react';
import type { ReactNode } from 'react';
import { Logo } from '@/components/shell/logo';

const highlights = [
  { icon: KeyRound, title: 'API keys', text: 'Issue, rotate and revoke keys with scopes, expiry and IP allowlists.' },
  { icon: Gauge, title: 'Usage', text: 'Watch your traffic, error rates and quota in real time.' },
  { icon: BookOpen, title: 'Documentation', text: 'Versioned guides and a reference for every endpoint.' },
  { icon: LockKeyhole, title: 'Secrets', text: 'Encrypted environment variables, pulled safely by your CI.' },
];

/** Sign-in and sign-up: the form on the right, what the portal offers on the left (wide screens). */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <aside className="relative hidden w-[44%] max-w-xl flex-col justify-between overflow-hidden bg-zinc-950 p-10 text-white lg:flex">
        <div aria-hidden="true" className="pointer-events-none absolute -top-32 -left-32 size-[32rem] rounded-full bg-indigo-600/30 blur-3xl" />
        <div className="relative flex items-center gap-2 text-lg font-semibold">
          <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-500 text-sm">PP</span>
          Partner Portal
        </div>
        <div className="relative">
          <p className="text-3xl leading-tight font-semibold tracking-tight">Everything you need to build on our API.</p>
          <ul className="mt-8 space-y-5">
            {highlights.map(({ icon: Icon, title, text }) => (
              <li key={title} className="flex gap-3">
                <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-white/10">
                  <Icon aria-hidden="true" className="size-4.5 text-indigo-300" />
                </span>
                <span>
                  <span className="block text-sm font-semibold">{title}</span>
                  <span className="block text-sm text-zinc-400">{text}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
        <p className="relative text-xs text-zinc-400">Self-hosted, open source.</p>
      </aside>

      <div className="flex flex-1 flex-col bg-white">
        <div className="px-6 pt-6 lg:hidden">
          <Logo />
        </div>
        <main id="portal-main" tabIndex={-1} className="flex flex-1 items-center justify-center px-6 py-12 focus:outline-none">
          <div className="w-full max-w-sm">{children}</div>
        </main>
      </div>
    </div>
  );
}
