import { SearchX } from 'lucide-react';
import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';
import { Logo } from '@/components/shell/logo';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col bg-zinc-50">
      <header className="px-6 py-5">
        <Logo />
      </header>
      <main id="portal-main" tabIndex={-1} className="flex flex-1 items-start justify-center px-4 pt-16 focus:outline-none">
        <div className="max-w-md text-center">
          <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-600 ring-1 ring-zinc-200">
            <SearchX aria-hidden="true" className="size-6" />
          </div>
          <p className="mt-5 text-sm font-semibold text-indigo-600">404</p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">Page not found</h1>
          <p className="mt-2 text-sm text-zinc-600">This page does not exist, or you do not have access to it.</p>
          <div className="mt-6 flex justify-center">
            <ButtonLink href="/">Go to the dashboard</ButtonLink>
          </div>
        </div>
      </main>
    </div>
  );
}
