'use client';

import { RotateCcw, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useEffect } from 'react';
import { Button, buttonClasses } from '@/components/ui/button';

/** Any unexpected failure of a portal page: a friendly message, never the error's text or stack. */
export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;

  return (
    <div className="mx-auto max-w-lg py-12 text-center">
      <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-red-50 text-red-600 ring-1 ring-red-200">
        <TriangleAlert aria-hidden="true" className="size-6" />
      </div>
      <h1 className="mt-5 text-xl font-semibold tracking-tight text-zinc-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600">We could not load this page. Nothing you entered was lost; please try again in a moment.</p>
      {digest ? <p className="mt-2 text-xs text-zinc-500">Reference: {digest}</p> : null}
      <div className="mt-6 flex justify-center gap-3">
        <Button onClick={() => retry()}>
          <RotateCcw aria-hidden="true" />
          Try again
        </Button>
        <Link href="/" className={buttonClasses({ variant: 'secondary' })}>
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
