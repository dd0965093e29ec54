import { ChevronRight } from 'lucide-react';
import Link from 'next/link';
import { Time } from '@/components/ui/time';
import type { DocListItem } from '@/lib/docs/read-docs';
import { DocBadges } from './doc-badges';
import { docHref } from './doc-links';

/** The docs of one API version as cards: the whole card is one link (its title), the badges say who reads it. */
export function DocList({ docs }: { docs: DocListItem[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2">
      {docs.map((doc) => (
        <li
          key={doc.id}
          className="group relative flex flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition-colors focus-within:border-indigo-300 hover:border-indigo-300"
        >
          <div className="flex items-start justify-between gap-3">
            <h3 className="text-base font-semibold text-zinc-900">
              <Link href={docHref(doc.apiVersion, doc.slug)} className="rounded after:absolute after:inset-0 after:rounded-xl group-hover:text-indigo-700">
                {doc.title}
              </Link>
            </h3>
            <ChevronRight aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-zinc-300 group-hover:text-indigo-500" />
          </div>
          {doc.excerpt ? <p className="mt-2 line-clamp-3 text-sm leading-6 text-zinc-600">{doc.excerpt}</p> : null}
          <div className="mt-auto flex flex-wrap items-center gap-2 pt-4 text-xs text-zinc-500">
            <span>
              Updated <Time value={doc.updatedAt} />
            </span>
            <DocBadges isPublished={doc.isPublished} partnerName={doc.partnerName} />
          </div>
        </li>
      ))}
    </ul>
  );
}
