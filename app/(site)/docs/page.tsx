import { BookOpen, Plus, Settings2 } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DocList } from '@/components/docs/doc-list';
import { docsVersionHref } from '@/components/docs/doc-links';
import { DocSearchForm } from '@/components/docs/doc-search-form';
import { DocSearchResults } from '@/components/docs/doc-search-results';
import { VersionSwitcher } from '@/components/docs/version-switcher';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { currentDocReader, readerLibrary, readerSearch } from '@/lib/docs/doc-reader';
import { NotFoundError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Docs' };

type SearchParams = Record<string, string | string[] | undefined>;

const firstParam = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function DocsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const reader = await currentDocReader();
  const { actor } = reader;
  const params = await searchParams;
  const q = firstParam(params.q)?.slice(0, 200) ?? '';
  const askedVersion = firstParam(params.version);
  const library = await orNotFound(readerLibrary(reader, askedVersion));
  // A version is only a search filter when the reader chose one (and it exists); otherwise search everything.
  const searchVersion = askedVersion && library.versions.includes(askedVersion) ? askedVersion : undefined;
  const hits = q ? await orNotFound(readerSearch(reader, q, { apiVersion: searchVersion })) : null;
  const canWrite = actor ? can(actor, 'doc.write', { partnerId: null }) : false;
  const isStaff = reader.tenant?.isStaff ?? false;

  return (
    <>
      <PageHeader
        title="Developer docs"
        description={
          isStaff
            ? 'Guides partners read, by API version. You also see drafts and docs written for one organization.'
            : actor
              ? 'Guides and references for building on our API.'
              : 'Guides and references for building on our API. Partners see more once signed in.'
        }
        actions={
          canWrite ? (
            <>
              <ButtonLink href="/docs/manage">
                <Settings2 aria-hidden="true" />
                Manage docs
              </ButtonLink>
              <ButtonLink
                href={library.apiVersion ? `/docs/manage/new?version=${encodeURIComponent(library.apiVersion)}` : '/docs/manage/new'}
                variant="primary"
              >
                <Plus aria-hidden="true" />
                New doc
              </ButtonLink>
            </>
          ) : null
        }
      />

      {library.versions.length === 0 ? (
        <div className="rounded-xl border border-zinc-200 bg-white shadow-xs">
          <EmptyState
            icon={<BookOpen aria-hidden="true" />}
            title={canWrite ? 'No docs yet' : 'No docs have been published yet'}
            description={
              canWrite
                ? 'Write a quickstart first: partners see it once you publish it.'
                : 'Guides for our API will appear here as soon as they are published. Your contact at our company can help in the meantime.'
            }
            action={
              canWrite ? (
                <ButtonLink href="/docs/manage/new" variant="primary" size="sm">
                  Write the first doc
                </ButtonLink>
              ) : null
            }
          />
        </div>
      ) : (
        <div className="space-y-6">
          <div className="flex flex-col gap-4 lg:flex-row lg:items-center lg:justify-between">
            <DocSearchForm q={q} version={searchVersion} />
            <VersionSwitcher versions={library.versions} current={library.apiVersion} hrefFor={docsVersionHref} />
          </div>

          {hits ? (
            <DocSearchResults q={q} hits={hits} version={searchVersion} />
          ) : (
            <section aria-labelledby="docs-version-heading">
              <h2 id="docs-version-heading" className="mb-3 text-sm font-medium text-zinc-600">
                {library.apiVersion} guides
              </h2>
              {library.docs.length > 0 ? (
                <DocList docs={library.docs} />
              ) : (
                <div className="rounded-xl border border-zinc-200 bg-white shadow-xs">
                  <EmptyState title={`No docs for ${library.apiVersion} yet.`} description="Choose another API version above." />
                </div>
              )}
            </section>
          )}
        </div>
      )}
    </>
  );
}
