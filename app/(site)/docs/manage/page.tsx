import { ArrowLeft, Plus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { DocsTable } from './_components/docs-table';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { docSortColumns, docStates, listDocApiVersions, listDocsForManagement } from '@/lib/docs/manage-docs';
import { listPartners } from '@/lib/partners/list-partners';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';

export const metadata: Metadata = { title: 'Manage docs' };

type SearchParams = Record<string, string | string[] | undefined>;

const firstParam = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function ManageDocsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  // Support staff read docs but do not write them: for them this page does not exist.
  if (!can(actor, 'doc.write', { partnerId: null })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: docSortColumns, defaultSort: 'updated', defaultDirection: 'desc' });
  const [versions, organizations] = await Promise.all([
    listDocApiVersions(),
    listPartners(tenant, { page: 1, pageSize: 100, sort: 'name', direction: 'asc', q: '' }),
  ]);
  // Filters from the URL only count when they name something that exists; anything else shows every doc.
  const state = parseEnumParam(params, 'state', docStates);
  const askedVersion = firstParam(params.version);
  const apiVersion = askedVersion && versions.includes(askedVersion) ? askedVersion : undefined;
  const askedAudience = firstParam(params.audience);
  const audience = askedAudience === 'global' || organizations.rows.some((o) => o.id === askedAudience) ? askedAudience : undefined;
  const page = await listDocsForManagement(tenant, { ...query, state, apiVersion, audience });

  const filters: DataTableFilter[] = [
    {
      name: 'state',
      label: 'State',
      options: [
        { value: '', label: 'All' },
        { value: 'draft', label: 'Draft' },
        { value: 'published', label: 'Published' },
      ],
    },
    { name: 'version', label: 'Version', options: [{ value: '', label: 'All' }, ...versions.map((v) => ({ value: v, label: v }))] },
    {
      name: 'audience',
      label: 'Audience',
      options: [
        { value: '', label: 'All' },
        { value: 'global', label: 'Every partner' },
        ...organizations.rows.map((o) => ({ value: o.id, label: `Only ${o.name}` })),
      ],
    },
  ];

  return (
    <>
      <Link href="/docs" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Docs
      </Link>
      <PageHeader
        title="Manage docs"
        description="Every doc, drafts included. Partners read the published ones meant for them."
        actions={
          <ButtonLink href="/docs/manage/new" variant="primary">
            <Plus aria-hidden="true" />
            New doc
          </ButtonLink>
        }
      />
      <DataTableToolbar searchLabel="Search docs" searchPlaceholder="Search by title or slug" filters={filters} />
      <DocsTable page={page} sort={{ id: query.sort, direction: query.direction }} />
    </>
  );
}
