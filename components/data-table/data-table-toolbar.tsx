'use client';

import { Search, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition, type FormEvent } from 'react';
import { OrganizationCombobox, type PickedOrganization } from '@/components/partners/organization-combobox';
import { Button, buttonClasses } from '@/components/ui/button';
import { hrefWith } from './url';

export interface DataTableFilter {
  /** The query parameter, e.g. `status`. */
  name: string;
  label: string;
  /** The first option is usually "All" with the value `''`. */
  options: { value: string; label: string }[];
}

/**
 * The search box and filters of a `DataTable`: a GET form, so it works without JavaScript; with it,
 * submitting navigates on the client and a filter applies as soon as it is chosen.
 */
export function DataTableToolbar({
  searchLabel,
  searchPlaceholder,
  filters = [],
  organizationFilter,
}: {
  searchLabel: string;
  searchPlaceholder?: string;
  filters?: DataTableFilter[];
  /** Staff: filter by organization with the picker that searches on the server (`selected`: the URL's). */
  organizationFilter?: { name: string; label: string; selected: PickedOrganization | null };
}) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const [, startTransition] = useTransition();

  const filterNames = [...filters.map((f) => f.name), ...(organizationFilter ? [organizationFilter.name] : [])];
  const owned = new Set(['q', 'page', ...filterNames]);
  // Sorting and page size survive a new search; the page does not.
  const kept = [...searchParams.entries()].filter(([name]) => !owned.has(name));
  const q = searchParams.get('q') ?? '';
  const isFiltered = Boolean(q) || filterNames.some((name) => Boolean(searchParams.get(name)));
  const clearHref = hrefWith(pathname, searchParams, Object.fromEntries([...owned].map((n) => [n, null])));

  function submit(form: HTMLFormElement) {
    const changes: Record<string, string | null> = { page: null };
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') changes[name] = value.trim() || null;
    startTransition(() => router.push(hrefWith(pathname, searchParams, changes), { scroll: false }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(event.currentTarget);
  }

  return (
    <form
      // Re-mount when the URL changes elsewhere (a "Reset" link) so the fields show the URL's values.
      key={[q, ...filterNames.map((name) => searchParams.get(name) ?? '')].join('\u0000')}
      role="search"
      method="get"
      action={pathname}
      onSubmit={onSubmit}
      className="mb-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center"
    >
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="relative min-w-0 flex-1 sm:max-w-sm sm:min-w-48">
        <label htmlFor="data-table-search" className="sr-only">
          {searchLabel}
        </label>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-500" />
        <input
          id="data-table-search"
          type="search"
          name="q"
          defaultValue={q}
          placeholder={searchPlaceholder}
          maxLength={200}
          className="block h-10 w-full rounded-lg border border-zinc-300 bg-white pr-3 pl-9 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 hover:border-zinc-400"
        />
      </div>
      {filters.map((filter) => (
        <div key={filter.name} className="flex items-center gap-2">
          <label htmlFor={`data-table-filter-${filter.name}`} className="text-sm font-medium whitespace-nowrap text-zinc-700">
            {filter.label}
          </label>
          <select
            id={`data-table-filter-${filter.name}`}
            name={filter.name}
            defaultValue={searchParams.get(filter.name) ?? ''}
            onChange={(event) => {
              if (event.currentTarget.form) submit(event.currentTarget.form);
            }}
            className="h-10 rounded-lg border border-zinc-300 bg-white pr-8 pl-3 text-sm text-zinc-900 shadow-xs hover:border-zinc-400"
          >
            {filter.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      {organizationFilter ? (
        <OrganizationCombobox
          name={organizationFilter.name}
          label={organizationFilter.label}
          selected={organizationFilter.selected}
          allLabel="All organizations"
          submitOnSelect
          inline
        />
      ) : null}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {isFiltered ? (
          <Link href={clearHref} scroll={false} className={buttonClasses({ variant: 'ghost', className: 'gap-1.5' })}>
            <X aria-hidden="true" />
            Reset
          </Link>
        ) : null}
      </div>
    </form>
  );
}
