import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DocEditor } from '../_components/doc-editor';
import { loadDocEditorOptions } from '@/lib/docs/load-editor-options';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';

export const metadata: Metadata = { title: 'New doc' };

export default async function NewDocPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  if (!can(actor, 'doc.write', { partnerId: null })) notFound();
  const options = await loadDocEditorOptions(tenant);
  const asked = (await searchParams).version;
  // "New doc" from a version's list starts in that version; otherwise in the newest one.
  const apiVersion = typeof asked === 'string' && options.versions.includes(asked) ? asked : (options.versions[0] ?? 'v1');

  return (
    <>
      <Link href="/docs/manage" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Manage docs
      </Link>
      <PageHeader title="New doc" description="It stays a draft, seen by staff only, until you publish it." />
      <DocEditor initial={{ apiVersion }} {...options} />
    </>
  );
}
