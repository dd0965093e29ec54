'use client';

import { Eye, PenLine } from 'lucide-react';
import Link from 'next/link';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { ButtonLink, buttonClasses } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { ManagedDocRow } from '@/lib/docs/manage-docs';
import type { TablePage } from '@/lib/tables/table-query';
import { DocStateBadge } from '@/components/docs/doc-badges';
import { docEditHref, docHref } from '@/components/docs/doc-links';
import { PublishToggle } from './publish-toggle';

const column = dataTableColumnHelper<ManagedDocRow>();

// Column ids are the URL's sort keys (`docSortColumns`).
const columns = column.columns([
  column.accessor('title', {
    id: 'title',
    header: 'Title',
    meta: { cellClassName: 'min-w-48' },
    cell: ({ row }) => (
      <div className="min-w-0">
        <Link href={docEditHref(row.original.id)} className="rounded font-medium text-zinc-900 hover:text-indigo-700 hover:underline">
          {row.original.title}
        </Link>
        <p className="truncate font-mono text-xs text-zinc-500">{row.original.slug}</p>
      </div>
    ),
  }),
  column.accessor('apiVersion', {
    id: 'version',
    header: 'Version',
    cell: ({ row }) => <code className="font-mono text-xs text-zinc-800">{row.original.apiVersion}</code>,
  }),
  column.accessor('partnerName', {
    id: 'audience',
    header: 'Audience',
    enableSorting: false,
    cell: ({ row }) =>
      row.original.partnerId ? `Only ${row.original.partnerName ?? 'a deleted organization'}` : <span className="text-zinc-500">Every partner</span>,
  }),
  // Sorted by the publication date, which the cell shows under the state.
  column.accessor('publishedAt', {
    id: 'published',
    header: 'State',
    sortDescFirst: true,
    cell: ({ row }) => (
      <div className="space-y-0.5">
        <DocStateBadge isPublished={row.original.isPublished} />
        {row.original.isPublished && row.original.publishedAt ? (
          <p className="text-xs text-zinc-500">
            <Time value={row.original.publishedAt} />
          </p>
        ) : null}
      </div>
    ),
  }),
  column.accessor('updatedAt', {
    id: 'updated',
    header: 'Updated',
    sortDescFirst: true,
    cell: ({ row }) => (
      <div>
        <p className="text-zinc-900">
          <Time value={row.original.updatedAt} />
        </p>
        <p className="text-xs whitespace-nowrap text-zinc-500">{row.original.updatedByName ? `by ${row.original.updatedByName}` : '—'}</p>
      </div>
    ),
  }),
  column.display({
    id: 'actions',
    header: 'Actions',
    meta: { srOnlyHeader: true, align: 'end' },
    cell: ({ row }) => {
      const doc = row.original;
      return (
        <div className="flex items-start justify-end gap-1.5">
          <Link href={docEditHref(doc.id)} className={buttonClasses({ variant: 'ghost', size: 'sm', className: 'px-2' })}>
            <PenLine aria-hidden="true" />
            Edit<span className="sr-only"> {doc.title}</span>
          </Link>
          {doc.isPublished ? (
            <Link href={docHref(doc.apiVersion, doc.slug)} className={buttonClasses({ variant: 'ghost', size: 'sm', className: 'px-2' })}>
              <Eye aria-hidden="true" />
              View<span className="sr-only"> {doc.title}</span>
            </Link>
          ) : null}
          <PublishToggle docId={doc.id} title={doc.title} isPublished={doc.isPublished} size="sm" withTitle />
        </div>
      );
    },
  }),
]);

export function DocsTable({ page, sort }: { page: TablePage<ManagedDocRow>; sort: { id: string; direction: 'asc' | 'desc' } }) {
  return (
    <DataTable
      label="Docs"
      columns={columns}
      page={page}
      sort={sort}
      filterParams={['state', 'version', 'audience']}
      empty={{
        title: 'No docs yet',
        description: (
          <>
            Docs are guides partners read in the portal, by API version.
            <span className="mt-4 flex justify-center">
              <ButtonLink href="/docs/manage/new" variant="primary" size="sm">
                Write the first doc
              </ButtonLink>
            </span>
          </>
        ),
        filteredTitle: 'No docs match.',
      }}
    />
  );
}
