import { SearchX } from 'lucide-react';
import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Page not found' };

/** A page that does not exist, or one the user may not see (the same answer, so nothing leaks). */
export default function PortalNotFound() {
  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-600 ring-1 ring-zinc-200">
        <SearchX aria-hidden="true" className="size-6" />
      </div>
      <h1 className="mt-5 text-xl font-semibold tracking-tight text-zinc-900">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600">This page does not exist, or you do not have access to it.</p>
      <div className="mt-6 flex justify-center">
        <ButtonLink href="/">Go to the dashboard</ButtonLink>
      </div>
    </div>
  );
}
