import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';

/** The way back up the catalog: to the list, or from an endpoint to its API. */
export function CatalogBackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
      <ArrowLeft aria-hidden="true" className="size-4" />
      {children}
    </Link>
  );
}
