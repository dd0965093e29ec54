import { redirect } from 'next/navigation';
import { docsVersionHref } from '@/components/docs/doc-links';

// `/docs/v1` is what a reader gets by trimming a doc's address: the list of that version lives at `/docs?version=v1`.
export default async function DocsVersionPage({ params }: { params: Promise<{ version: string }> }) {
  const { version } = await params;
  redirect(docsVersionHref(version));
}
