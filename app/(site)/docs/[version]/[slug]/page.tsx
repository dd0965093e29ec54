import { ChevronRight, PenLine } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { DocBadges } from '@/components/docs/doc-badges';
import { CopyMarkdownButton } from '@/components/docs/copy-markdown-button';
import { docEditHref, docHref, docMarkdownHref, docsVersionHref } from '@/components/docs/doc-links';
import { VersionSwitcher } from '@/components/docs/version-switcher';
import { MarkdownContent } from '@/components/markdown/markdown-content';
import { tableOfContents } from '@/components/markdown/table-of-contents';
import { TableOfContentsNav } from '@/components/markdown/table-of-contents-nav';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/policy';
import { compareApiVersionsDesc } from '@/lib/docs/doc-visibility';
import { currentDocReader, readerDoc } from '@/lib/docs/doc-reader';
import { docAsMarkdown } from '@/lib/docs/doc-markdown';
import { recordDocRead, type ReadableDoc } from '@/lib/docs/read-docs';
import { NotFoundError } from '@/lib/errors';

type Params = Promise<{ version: string; slug: string }>;

// generateMetadata and the page ask for the same doc in one request: one query.
const loadDoc = cache(async (version: string, slug: string) => {
  const reader = await currentDocReader();
  try {
    return { reader, doc: await readerDoc(reader, version, slug) };
  } catch (error) {
    // A draft, another organization's doc, or no such doc: the same page, so nothing leaks.
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { version, slug } = await params;
  const { doc } = await loadDoc(version, slug);
  return { title: `${doc.title} · ${doc.apiVersion} docs` };
}

export default async function DocPage({ params }: { params: Params }) {
  const { version, slug } = await params;
  const { reader, doc } = await loadDoc(version, slug);
  const { actor } = reader;
  // Drives the onboarding checklist's "quickstart read"; staff reads are not recorded.
  if (reader.tenant) await recordDocRead(reader.tenant, doc.id);
  const toc = tableOfContents(doc.content);
  const versions = [doc.apiVersion, ...doc.otherVersions].sort(compareApiVersionsDesc);
  const canWrite = actor ? can(actor, 'doc.write', { partnerId: doc.partnerId }) : false;

  return (
    <div className="lg:grid lg:grid-cols-[minmax(0,1fr)_13rem] lg:gap-10">
      <article aria-labelledby="doc-title" className="min-w-0">
        <nav aria-label="Breadcrumb" className="mb-3">
          <ol className="flex flex-wrap items-center gap-1 text-sm text-zinc-600">
            <li>
              <Link href="/docs" className="rounded font-medium hover:text-zinc-900">
                Docs
              </Link>
            </li>
            <li aria-hidden="true">
              <ChevronRight className="size-3.5 text-zinc-500" />
            </li>
            <li>
              <Link href={docsVersionHref(doc.apiVersion)} className="rounded font-mono text-xs font-medium hover:text-zinc-900">
                {doc.apiVersion}
              </Link>
            </li>
          </ol>
        </nav>

        <header className="mb-6 border-b border-zinc-200 pb-5">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <h1 id="doc-title" className="text-3xl font-semibold tracking-tight text-zinc-900">
              {doc.title}
            </h1>
            <div className="flex flex-wrap items-center gap-2">
              <CopyMarkdownButton markdown={docAsMarkdown(doc)} href={docMarkdownHref(doc.apiVersion, doc.slug)} />
              {canWrite ? (
                <ButtonLink href={docEditHref(doc.id)} size="sm">
                  <PenLine aria-hidden="true" />
                  Edit
                </ButtonLink>
              ) : null}
            </div>
          </div>
          <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-zinc-500">
            <span>
              Updated <Time value={doc.updatedAt} />
            </span>
            <DocBadges isPublished={doc.isPublished} partnerName={doc.partnerName} />
            {versions.length > 1 ? <VersionSwitcher versions={versions} current={doc.apiVersion} hrefFor={(v) => docHref(v, doc.slug)} /> : null}
          </div>
        </header>

        {doc.isPublished ? null : (
          <Alert tone="warning" className="mb-6">
            This doc is a draft: partners cannot see it until it is published.
          </Alert>
        )}

        {/* Narrow screens: the contents above the text, since there is no sidebar. */}
        <TableOfContentsNav items={toc} className="mb-8 rounded-lg border border-zinc-200 bg-white p-4 lg:hidden" />

        <DocBody doc={doc} />
      </article>

      <aside className="hidden lg:block">
        <TableOfContentsNav items={toc} className="sticky top-24 max-h-[calc(100vh-8rem)] overflow-y-auto" />
      </aside>
    </div>
  );
}

function DocBody({ doc }: { doc: ReadableDoc }) {
  if (!doc.content.trim()) return <p className="text-sm text-zinc-500">This doc has no content yet.</p>;
  return <MarkdownContent markdown={doc.content} />;
}
