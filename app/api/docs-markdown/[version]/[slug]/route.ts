import { currentDocReader, readerDoc } from '@/lib/docs/doc-reader';
import { docAsMarkdown } from '@/lib/docs/doc-markdown';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** `/docs/{version}/{slug}.md` (rewritten here by next.config.ts): the doc as raw Markdown, for exactly the readers of its page. */
export async function GET(_request: Request, { params }: { params: Promise<{ version: string; slug: string }> }) {
  const { version, slug } = await params;
  try {
    const doc = await readerDoc(await currentDocReader(), version, slug);
    return new Response(docAsMarkdown(doc), {
      headers: { 'content-type': 'text/markdown; charset=utf-8', 'cache-control': 'private, no-store', vary: 'Cookie' },
    });
  } catch (error) {
    // A draft, another organization's doc, a partner-only doc signed out, or no such doc: the same 404.
    if (error instanceof NotFoundError) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
}
