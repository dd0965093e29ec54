import { ArrowLeft, Eye } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DocAudienceBadge, DocStateBadge } from '@/components/docs/doc-badges';
import { DocEditor } from '../_components/doc-editor';
import { DocHistory } from '@/components/docs/doc-history';
import { docHref } from '@/components/docs/doc-links';
import { PUBLIC_AUDIENCE } from '@/components/docs/doc-links';
import { EDITOR_PRIMARY_BUTTON_ID } from '@/components/docs/editor-ids';
import { loadDocEditorOptions } from '@/lib/docs/load-editor-options';
import { PublishToggle } from '../_components/publish-toggle';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { listDocRevisions } from '@/lib/docs/doc-revisions';
import { getDocForEditing, type EditableDoc } from '@/lib/docs/manage-docs';
import { NotFoundError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Edit doc' };

const notices: Record<string, string> = {
  draft: 'The doc is saved as a draft. Only staff can see it until you publish it.',
  published: 'The doc is published: its readers can find it now.',
};

async function loadDoc(...args: Parameters<typeof getDocForEditing>): Promise<EditableDoc> {
  try {
    return await getDocForEditing(...args);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function EditDocPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  if (!can(actor, 'doc.write', { partnerId: null })) notFound();
  const { id } = await params;
  const doc = await loadDoc(tenant, id);
  const [revisions, options] = await Promise.all([listDocRevisions(tenant, doc.id), loadDocEditorOptions(tenant)]);
  const saved = (await searchParams).saved;
  const notice = typeof saved === 'string' ? notices[saved] : undefined;

  return (
    <>
      <Link href="/docs/manage" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Manage docs
      </Link>
      <PageHeader
        title={doc.title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <DocStateBadge isPublished={doc.isPublished} />
            <DocAudienceBadge partnerName={doc.partnerName} />
            <span>
              Last saved <Time value={doc.updatedAt} withTime />
            </span>
          </span>
        }
        actions={
          <>
            {/* A draft's reader page is a 404 for everyone (its preview is the editor's), so only a published doc links there. */}
            {doc.isPublished ? (
              <ButtonLink href={docHref(doc.apiVersion, doc.slug)}>
                <Eye aria-hidden="true" />
                View
              </ButtonLink>
            ) : null}
            {/* A draft is published from the editor, so that the edits on screen go out with it; the toggle only unpublishes. */}
            <PublishToggle docId={doc.id} title={doc.title} isPublished={doc.isPublished} showPublish={false} focusAfterUnpublish={EDITOR_PRIMARY_BUTTON_ID} />
          </>
        }
      />
      <div className="space-y-6">
        <DocEditor
          doc={{
            id: doc.id,
            title: doc.title,
            slug: doc.slug,
            apiVersion: doc.apiVersion,
            partnerId: doc.visibility === 'public' ? PUBLIC_AUDIENCE : (doc.partnerId ?? ''),
            content: doc.content,
            isPublished: doc.isPublished,
            revision: doc.revision,
          }}
          notice={notice}
          {...options}
        />
        <DocHistory revisions={revisions} />
      </div>
    </>
  );
}
