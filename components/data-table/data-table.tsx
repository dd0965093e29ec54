'use client';

import { useTable, type SortingState, type Updater } from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, ChevronsUpDown } from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition, type ReactNode } from 'react';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import { formatNumber } from '@/components/ui/format';
import type { TablePage } from '@/lib/tables/table-query';
import { dataTableFeatures, type DataTableColumn } from './features';
import { hrefWith } from './url';

// The same sizes `parseTableQuery` accepts.
const PAGE_SIZES = [10, 25, 50, 100];

export interface DataTableProps<TRow extends { id: string }> {
  /** The table's accessible name (its caption), e.g. "Organizations". */
  label: string;
  columns: DataTableColumn<TRow>[];
  page: TablePage<TRow>;
  sort: { id: string; direction: 'asc' | 'desc' };
  /** Query parameters besides `q` that narrow the rows (e.g. `status`): they decide the empty state. */
  filterParams?: string[];
  empty: {
    /** When nothing exists at all, e.g. "No organizations yet." */
    title: string;
    description?: ReactNode;
    /** When the search or filters exclude every row, e.g. "No organizations match." */
    filteredTitle: string;
  };
}

/**
 * A table whose sorting, pagination and filters live in the URL (`?page&size&sort&dir&q…`) and are
 * applied by the server; TanStack Table holds the matching state and builds headers, rows and cells.
 */
export function DataTable<TRow extends { id: string }>({ label, columns, page, sort, filterParams = [], empty }: DataTableProps<TRow>) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const [isNavigating, startTransition] = useTransition();

  const sorting: SortingState = [{ id: sort.id, desc: sort.direction === 'desc' }];
  const navigate = (href: string) => startTransition(() => router.push(href, { scroll: false }));

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: page.rows,
    getRowId: (row) => row.id,
    state: { sorting, pagination: { pageIndex: page.page - 1, pageSize: page.pageSize } },
    manualSorting: true,
    manualPagination: true,
    rowCount: page.total,
    enableMultiSort: false,
    enableSortingRemoval: false,
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      // A new order starts again at the first page.
      navigate(hrefWith(pathname, searchParams, { sort: first?.id, dir: first ? (first.desc ? 'desc' : 'asc') : null, page: null }));
    },
  });

  const isFiltered = Boolean(searchParams.get('q')) || filterParams.some((name) => Boolean(searchParams.get(name)));
  const clearHref = hrefWith(pathname, searchParams, Object.fromEntries(['q', 'page', ...filterParams].map((n) => [n, null])));
  const rows = table.getRowModel().rows;
  const pageCount = table.getPageCount();
  const firstShown = (page.page - 1) * page.pageSize + 1;
  const lastShown = firstShown + rows.length - 1;

  return (
    <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs">
      <div className={cn('relative overflow-x-auto transition-opacity', isNavigating && 'opacity-60')} aria-busy={isNavigating || undefined}>
        <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
          <caption className="sr-only">{label}</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50/80">
            {table.getHeaderGroups().map((headerGroup) => (
              <tr key={headerGroup.id}>
                {headerGroup.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      colSpan={header.colSpan}
                      aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}
                      className={cn(
                        'px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase',
                        meta?.align === 'end' && 'text-right',
                      )}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className={cn(
                            '-mx-1.5 inline-flex items-center gap-1 rounded-md px-1.5 py-1 uppercase hover:bg-zinc-200/60 hover:text-zinc-900',
                            sorted && 'text-zinc-900',
                          )}
                        >
                          <table.FlexRender header={header} />
                          {sorted === 'asc' ? (
                            <ArrowUp aria-hidden="true" className="size-3.5" />
                          ) : sorted === 'desc' ? (
                            <ArrowDown aria-hidden="true" className="size-3.5" />
                          ) : (
                            <ChevronsUpDown aria-hidden="true" className="size-3.5 text-zinc-500" />
                          )}
                        </button>
                      ) : (
                        <span className={meta?.srOnlyHeader ? 'sr-only' : undefined}>
                          <table.FlexRender header={header} />
                        </span>
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((row) => (
              <tr key={row.id} className="hover:bg-zinc-50/70">
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return (
                    <td key={cell.id} className={cn('px-4 py-3 align-middle text-zinc-700', meta?.align === 'end' && 'text-right', meta?.cellClassName)}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>

        {rows.length === 0 ? (
          page.total > 0 ? (
            <EmptyState
              title="There is nothing on this page."
              action={
                <Link href={hrefWith(pathname, searchParams, { page: null })} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
                  Go to the first page
                </Link>
              }
            />
          ) : isFiltered ? (
            <EmptyState
              title={empty.filteredTitle}
              description="Try another search or fewer filters."
              action={
                <Link href={clearHref} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
                  Clear the filters
                </Link>
              }
            />
          ) : (
            <EmptyState title={empty.title} description={empty.description} />
          )
        ) : null}
      </div>

      <div className="flex flex-col gap-3 border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 sm:flex-row sm:items-center sm:justify-between">
        <p>
          {page.total === 0 ? (
            'No results'
          ) : rows.length === 0 ? (
            `${formatNumber(page.total)} ${page.total === 1 ? 'result' : 'results'}`
          ) : (
            <>
              Showing <span className="font-medium text-zinc-900">{formatNumber(firstShown)}</span>–
              <span className="font-medium text-zinc-900">{formatNumber(lastShown)}</span> of{' '}
              <span className="font-medium text-zinc-900">{formatNumber(page.total)}</span>
            </>
          )}
        </p>
        <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
          <div className="flex items-center gap-2">
            <label htmlFor="data-table-page-size" className="whitespace-nowrap">
              Rows per page
            </label>
            <select
              id="data-table-page-size"
              value={page.pageSize}
              onChange={(event) => navigate(hrefWith(pathname, searchParams, { size: event.target.value, page: null }))}
              className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 hover:border-zinc-400"
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </div>
          <p aria-live="polite" className="whitespace-nowrap">
            Page <span className="font-medium text-zinc-900">{formatNumber(page.page)}</span> of{' '}
            <span className="font-medium text-zinc-900">{formatNumber(Math.max(pageCount, 1))}</span>
          </p>
          <nav aria-label="Pagination" className="flex items-center gap-2">
            <PageLink
              href={table.getCanPreviousPage() ? hrefWith(pathname, searchParams, { page: page.page - 1 > 1 ? page.page - 1 : null }) : null}
              rel="prev"
            >
              <ChevronLeft aria-hidden="true" />
              Previous
            </PageLink>
            <PageLink href={table.getCanNextPage() ? hrefWith(pathname, searchParams, { page: page.page + 1 }) : null} rel="next">
              Next
              <ChevronRight aria-hidden="true" />
            </PageLink>
          </nav>
        </div>
      </div>
    </div>
  );
}

/** Previous/Next: a link, or when there is no such page a link-role element that says it is disabled. */
function PageLink({ href, rel, children }: { href: string | null; rel: 'prev' | 'next'; children: ReactNode }) {
  const className = buttonClasses({ variant: 'secondary', size: 'sm', className: 'gap-1 px-2.5' });
  if (!href) {
    return (
      <a role="link" aria-disabled="true" className={className}>
        {children}
      </a>
    );
  }
  return (
    <Link href={href} rel={rel} scroll={false} className={className}>
      {children}
    </Link>
  );
}
