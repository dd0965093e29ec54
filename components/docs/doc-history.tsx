import { CirclePlus, EyeOff, PenLine, Send, type LucideIcon } from 'lucide-react';
import { Card, CardHeader } from '@/components/ui/card';
import { formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import type { DocRevisionEvent } from '@/db/schema';
import type { DocRevisionRow } from '@/lib/docs/doc-revisions';

const events: Record<DocRevisionEvent, { label: string; icon: LucideIcon; className: string }> = {
  create: { label: 'Created', icon: CirclePlus, className: 'bg-zinc-100 text-zinc-600' },
  edit: { label: 'Edited', icon: PenLine, className: 'bg-zinc-100 text-zinc-600' },
  publish: { label: 'Published', icon: Send, className: 'bg-emerald-50 text-emerald-700' },
  unpublish: { label: 'Unpublished', icon: EyeOff, className: 'bg-amber-50 text-amber-700' },
};

/** The doc's edit history, newest first: what happened, who did it and when. */
export function DocHistory({ revisions }: { revisions: DocRevisionRow[] }) {
  return (
    <Card aria-labelledby="doc-history-heading">
      <CardHeader title="History" titleId="doc-history-heading" description="Every save, publish and unpublish of this doc." />
      {revisions.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">No history yet.</p>
      ) : (
        <ol className="divide-y divide-zinc-100">
          {revisions.map((revision) => {
            const event = events[revision.event];
            const who = revision.editedByName ?? revision.editedByEmail ?? 'A deleted account';
            return (
              <li key={revision.revision} className="flex items-start gap-3 px-5 py-3 text-sm">
                <span aria-hidden="true" className={`mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full ${event.className}`}>
                  <event.icon className="size-3.5" />
                </span>
                <div className="min-w-0">
                  <p className="text-zinc-900">
                    <span className="font-medium">{event.label}</span> by {who}
                  </p>
                  <p className="text-xs text-zinc-500">
                    <Time value={revision.createdAt} withTime /> · revision {formatNumber(revision.revision)}
                    {revision.event === 'edit' || revision.event === 'create' ? ` · ${formatNumber(revision.contentLength)} characters` : ''}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
