'use client';

import { Filter, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition, type FormEvent } from 'react';
import { hrefWith } from '@/components/data-table/url';
import { Button, buttonClasses } from '@/components/ui/button';
import { auditFilterParams } from './audit-filter-params';

const inputClasses =
  'block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 ' +
  'hover:border-zinc-400 focus-visible:border-indigo-600';

const fields: { name: (typeof auditFilterParams)[number]; label: string; type?: 'date' | 'search'; placeholder?: string; maxLength?: number }[] = [
  { name: 'q', label: 'Search', type: 'search', placeholder: 'Actor, action or target', maxLength: 200 },
  { name: 'actor', label: 'Actor', placeholder: 'Email or id', maxLength: 254 },
  { name: 'action', label: 'Action', placeholder: 'key.create or key.', maxLength: 80 },
  { name: 'target', label: 'Target', placeholder: 'Id, e.g. key_…', maxLength: 100 },
  { name: 'from', label: 'From', type: 'date' },
  { name: 'to', label: 'To', type: 'date' },
];

/**
 * The audit log's filters: a GET form, so it works without JavaScript; with it, applying navigates on
 * the client. The URL stays the only state, so a filtered view can be bookmarked, shared and exported.
 */
export function AuditFiltersForm() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const [isNavigating, startTransition] = useTransition();

  // The form owns its filters; the table's sort and page size are kept, the page starts again.
  const owned = new Set<string>([...auditFilterParams, 'page']);
  const kept = [...searchParams.entries()].filter(([name]) => !owned.has(name));
  const current = Object.fromEntries(auditFilterParams.map((name) => [name, searchParams.get(name) ?? '']));
  const isFiltered = auditFilterParams.some((name) => Boolean(current[name]));
  const clearHref = hrefWith(pathname, searchParams, Object.fromEntries([...owned].map((name) => [name, null])));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const changes: Record<string, string | null> = { page: null };
    for (const name of auditFilterParams) {
      const value = data.get(name);
      changes[name] = typeof value === 'string' && value.trim() ? value.trim() : null;
    }
    startTransition(() => router.push(hrefWith(pathname, searchParams, changes), { scroll: false }));
  }

  return (
    <form
      // Re-mount when the URL changes elsewhere ("Reset", "Clear the filters") so the fields show the URL's values.
      key={auditFilterParams.map((name) => current[name]).join('\u0000')}
      role="search"
      aria-label="Filter the audit log"
      method="get"
      action={pathname}
      onSubmit={onSubmit}
      className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs"
    >
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map((field) => (
          <div key={field.name} className="space-y-1.5">
            <label htmlFor={`audit-filter-${field.name}`} className="block text-sm font-medium text-zinc-800">
              {field.label}
            </label>
            <input
              id={`audit-filter-${field.name}`}
              name={field.name}
              type={field.type ?? 'text'}
              defaultValue={current[field.name]}
              placeholder={field.placeholder}
              maxLength={field.maxLength}
              autoComplete="off"
              spellCheck={false}
              className={inputClasses}
            />
          </div>
        ))}
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" aria-disabled={isNavigating || undefined}>
          <Filter aria-hidden="true" />
          Apply filters
        </Button>
        {isFiltered ? (
          <Link href={clearHref} scroll={false} className={buttonClasses({ variant: 'ghost', className: 'gap-1.5' })}>
            <X aria-hidden="true" />
            Reset
          </Link>
        ) : null}
        <p className="ml-auto text-xs text-zinc-500">Dates are UTC days, both included. An action ending in a dot matches its family.</p>
      </div>
    </form>
  );
}
