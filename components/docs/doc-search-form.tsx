import { Search, X } from 'lucide-react';
import Link from 'next/link';
import { Button, buttonClasses } from '@/components/ui/button';

/**
 * The docs search box: a plain GET form to `/docs?q=`, so results have a URL and work without JavaScript.
 * A version chosen in the URL narrows the search to it.
 */
export function DocSearchForm({ q, version }: { q: string; version?: string }) {
  return (
    <form role="search" method="get" action="/docs" className="flex flex-col gap-2 sm:flex-row sm:items-center">
      {version ? <input type="hidden" name="version" value={version} /> : null}
      <div className="relative min-w-0 flex-1 sm:max-w-lg">
        <label htmlFor="docs-search" className="sr-only">
          Search docs
        </label>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-500" />
        <input
          id="docs-search"
          type="search"
          name="q"
          defaultValue={q}
          maxLength={200}
          autoComplete="off"
          placeholder={version ? `Search the ${version} docs` : 'Search the docs'}
          className="block h-10 w-full rounded-lg border border-zinc-300 bg-white pr-3 pl-9 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600"
        />
      </div>
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {q ? (
          <Link href={version ? `/docs?version=${encodeURIComponent(version)}` : '/docs'} className={buttonClasses({ variant: 'ghost', className: 'gap-1.5' })}>
            <X aria-hidden="true" />
            Clear search
          </Link>
        ) : null}
      </div>
    </form>
  );
}
