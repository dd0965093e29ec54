import { Pencil, Plus } from 'lucide-react';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { CatalogApi } from '@/lib/catalog/list-catalog';
import { ApiFacts } from './api-facts';
import { EndpointsTable } from './endpoints-table';

/** One API of the catalog: what it is, who owns it, and its endpoints (those the filters kept). */
export function ApiSection({ api, canWrite, filtered }: { api: CatalogApi; canWrite: boolean; filtered: boolean }) {
  const headingId = `api-${api.id}-heading`;
  return (
    <Card aria-labelledby={headingId}>
      <div className="flex flex-wrap items-start justify-between gap-3 px-5 py-4">
        <div className="min-w-0 space-y-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={headingId} className="text-base font-semibold text-zinc-900">
              <Link href={`/catalog/apis/${api.id}`} className="rounded hover:underline">
                {api.name}
              </Link>
            </h2>
            <Badge tone="accent">{api.version}</Badge>
          </div>
          {api.description ? <p className="max-w-3xl text-sm text-zinc-600">{api.description}</p> : null}
          <ApiFacts api={api} filtered={filtered} />
        </div>
        {canWrite ? (
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            <ButtonLink href={`/catalog/apis/${api.id}/edit`} size="sm" variant="ghost">
              <Pencil aria-hidden="true" />
              Edit<span className="sr-only"> {api.name}</span>
            </ButtonLink>
            <ButtonLink href={`/catalog/apis/${api.id}#add-endpoint`} size="sm">
              <Plus aria-hidden="true" />
              Add endpoint<span className="sr-only"> to {api.name}</span>
            </ButtonLink>
          </div>
        ) : null}
      </div>
      {api.endpoints.length > 0 ? (
        <EndpointsTable api={api} canWrite={canWrite} />
      ) : (
        <p className="border-t border-zinc-100 px-5 py-4 text-sm text-zinc-500">No endpoints yet.</p>
      )}
    </Card>
  );
}
