import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '@/db';
import { developerDocs } from '@/db/schema';
import { compareApiVersionsDesc, readableDocsCondition, type DocReaderScope } from './doc-visibility';

export interface LlmsOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  status: string;
}

/** The published docs this reader may read, newest API version first (drafts never: staff read them in the portal). */
export async function llmsDocs(scope: DocReaderScope): Promise<{ title: string; slug: string; apiVersion: string }[]> {
  const rows = await db
    .select({ title: developerDocs.title, slug: developerDocs.slug, apiVersion: developerDocs.apiVersion })
    .from(developerDocs)
    .where(and(eq(developerDocs.isPublished, true), readableDocsCondition(scope)))
    .orderBy(asc(developerDocs.title));
  return rows.sort((a, b) => compareApiVersionsDesc(a.apiVersion, b.apiVersion));
}

const line = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * `/llms.txt` (llmstxt.org): a Markdown index a language model reads to find the docs (each as raw
 * Markdown) and the API reference (each operation, and the OpenAPI document itself).
 */
export function formatLlmsTxt(input: {
  origin: string;
  title: string;
  docs: { title: string; slug: string; apiVersion: string }[];
  operations: LlmsOperation[];
}): string {
  const { origin } = input;
  const out = [`# ${line(input.title)}`, '', '> Developer docs and API reference of the partner API. Every doc is also served as raw Markdown.', ''];
  out.push('## Docs', '');
  if (input.docs.length === 0) out.push('No docs are published for this reader yet.');
  for (const doc of input.docs) {
    out.push(`- [${line(doc.title)} (${doc.apiVersion})](${origin}/docs/${encodeURIComponent(doc.apiVersion)}/${encodeURIComponent(doc.slug)}.md)`);
  }
  out.push('', '## API reference', '');
  out.push(`- [OpenAPI document](${origin}/api/v1/openapi.json): the full contract (OpenAPI 3.1)`);
  for (const op of input.operations) {
    const note = op.status === 'active' ? '' : ` (${op.status})`;
    out.push(`- [${op.method} ${op.path}](${origin}/reference#${op.id}): ${line(op.summary)}${note}`);
  }
  return `${out.join('\n')}\n`;
}
