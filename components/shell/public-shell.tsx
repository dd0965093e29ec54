import Link from 'next/link';
import type { ReactNode } from 'react';
import { Logo } from './logo';
import { ThemeSwitch } from './theme-switch';

const links = [
  { href: '/docs', label: 'Docs' },
  { href: '/reference', label: 'API reference' },
];

/**
 * The frame of the pages a visitor reads without an account (the public docs and the API reference):
 * the logo, those two pages, and the way in.
 */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen bg-zinc-50">
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
        <div className="flex h-16 items-center justify-between gap-4 px-4 lg:px-6">
          <Link href="/docs" className="rounded-lg">
            <Logo />
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1 text-sm font-medium sm:gap-3">
            {links.map((link) => (
              <Link key={link.href} href={link.href} className="rounded-md px-2 py-1.5 text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900">
                {link.label}
              </Link>
            ))}
            <ThemeSwitch className="hidden sm:flex" />
            <Link href="/login" className="rounded-md bg-zinc-900 px-3 py-1.5 text-white hover:bg-zinc-800">
              Sign in
            </Link>
          </nav>
        </div>
      </header>
      <main id="portal-main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8">
        {children}
      </main>
    </div>
  );
}
