import { FileText, SearchX } from 'lucide-react';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { HIGHLIGHT_END, HIGHLIGHT_START, type DocSearchHit } from '@/lib/docs/search-docs';
import { DocStateBadge } from './doc-badges';
import { docHref } from './doc-links';

// The snippet is cut from the Markdown source: table pipes, fences and emphasis marks read as noise in one line.
function plain(text: string): string {
  return text.replace(/[#*`|>_~]+/g, ' ').replace(/\s+/g, ' ');
}

/**
 * The snippet Postgres cut around the matches, with the matched words in <mark>. The markers are
 * private-use characters, so splitting on them is safe and the text is rendered as text, never as HTML.
 */
export function HighlightedSnippet({ snippet }: { snippet: string }) {
  const parts: { text: string; match: boolean }[] = [];
  for (const chunk of snippet.split(HIGHLIGHT_START)) {
    const end = chunk.indexOf(HIGHLIGHT_END);
    if (end === -1) parts.push({ text: plain(chunk), match: false });
    else parts.push({ text: chunk.slice(0, end), match: true }, { text: plain(chunk.slice(end + HIGHLIGHT_END.length)), match: false });
  }
  return (
    <>
      {parts.map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-zinc-900">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

export function DocSearchResults({ q, hits, version }: { q: string; hits: DocSearchHit[]; version?: string }) {
  const scope = version ? ` in the ${version} docs` : '';
  if (hits.length === 0) {
    return (
      <div className="rounded-xl border border-zinc-200 bg-white shadow-xs">
        <EmptyState
          icon={<SearchX aria-hidden="true" />}
          title={`No docs match “${q}”${scope}.`}
          description="Check the spelling, try fewer or more general words, or browse the docs by version."
        />
      </div>
    );
  }
  return (
    <section aria-labelledby="docs-search-heading">
      <h2 id="docs-search-heading" className="mb-3 text-sm font-medium text-zinc-600">
        {hits.length === 1 ? '1 doc matches' : `${hits.length} docs match`} “{q}”{scope}
      </h2>
      <ol className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-xs">
        {hits.map((hit) => (
          <li key={hit.id} className="px-5 py-4">
            <div className="flex flex-wrap items-center gap-2">
              <FileText aria-hidden="true" className="size-4 text-zinc-500" />
              <Link href={docHref(hit.apiVersion, hit.slug)} className="rounded font-medium text-zinc-900 hover:text-indigo-700 hover:underline">
                {hit.title}
              </Link>
              <Badge className="font-mono">{hit.apiVersion}</Badge>
              {hit.isPublished ? null : <DocStateBadge isPublished={false} />}
            </div>
            <p className="mt-1.5 text-sm leading-6 text-zinc-600">
              <HighlightedSnippet snippet={hit.snippet} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
