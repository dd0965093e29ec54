'use client';

import { Filter, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition, type FormEvent } from 'react';
import { hrefWith } from '@/components/data-table/url';
import { OrganizationCombobox, type PickedOrganization } from '@/components/partners/organization-combobox';
import { Button, buttonClasses } from '@/components/ui/button';

const controlClasses =
  'block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 ' +
  'hover:border-zinc-400 focus-visible:border-indigo-600';

export interface UrlFilterField {
  name: string;
  label: string;
  /** `organization`: the staff organization picker, searching on the server (`selected`: the one in the URL). */
  type?: 'text' | 'search' | 'date' | 'datetime-local' | 'select' | 'organization';
  selected?: PickedOrganization | null;
  placeholder?: string;
  maxLength?: number;
  options?: { value: string; label: string }[];
}

/**
 * The filters of a server table (request explorer, audit log): a GET form, so it works without
 * JavaScript; with it, applying navigates on the client. The form owns its fields' parameters; the
 * table's sort and page size are kept and the page starts again. The URL stays the only state, so a
 * filtered view can be bookmarked, shared with support and exported.
 */
export function UrlFiltersForm({ fields, label, note, columns = 4 }: { fields: UrlFilterField[]; label: string; note?: string; columns?: 3 | 4 }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const [isNavigating, startTransition] = useTransition();

  const names = fields.map((f) => f.name);
  const owned = new Set<string>([...names, 'page']);
  const kept = [...searchParams.entries()].filter(([name]) => !owned.has(name));
  const current = Object.fromEntries(names.map((name) => [name, searchParams.get(name) ?? '']));
  const isFiltered = names.some((name) => Boolean(current[name]));
  const clearHref = hrefWith(pathname, searchParams, Object.fromEntries([...owned].map((name) => [name, null])));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const changes: Record<string, string | null> = { page: null };
    for (const name of names) {
      const value = data.get(name);
      changes[name] = typeof value === 'string' && value.trim() ? value.trim() : null;
    }
    startTransition(() => router.push(hrefWith(pathname, searchParams, changes), { scroll: false }));
  }

  return (
    <form
      key={names.map((name) => current[name]).join('\u0000')}
      role="search"
      aria-label={label}
      method="get"
      action={pathname}
      onSubmit={onSubmit}
      className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs"
    >
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className={`grid gap-4 sm:grid-cols-2 ${columns === 3 ? 'lg:grid-cols-3' : 'lg:grid-cols-4'}`}>
        {fields.map((field) =>
          field.type === 'organization' ? (
            <OrganizationCombobox key={field.name} name={field.name} label={field.label} selected={field.selected ?? null} allLabel="All organizations" />
          ) : (
            <div key={field.name} className="space-y-1.5">
              <label htmlFor={`filter-${field.name}`} className="block text-sm font-medium text-zinc-800">
                {field.label}
              </label>
              {field.type === 'select' ? (
                <select id={`filter-${field.name}`} name={field.name} defaultValue={current[field.name]} className={`${controlClasses} pr-8`}>
                  {field.options?.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`filter-${field.name}`}
                  name={field.name}
                  type={field.type ?? 'text'}
                  defaultValue={current[field.name]}
                  placeholder={field.placeholder}
                  maxLength={field.maxLength}
                  autoComplete="off"
                  spellCheck={false}
                  className={controlClasses}
                />
              )}
            </div>
          ),
        )}
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
        {note ? <p className="ml-auto text-xs text-zinc-500">{note}</p> : null}
      </div>
    </form>
  );
}
