import { formatNumber } from '@/components/ui/format';
import type { CatalogApi } from '@/lib/catalog/list-catalog';

/** Base path, owner and endpoint count, in one line under the API's name. */
export function ApiFacts({ api, filtered = false }: { api: CatalogApi; filtered?: boolean }) {
  const count = api.endpoints.length;
  const deprecated = api.endpoints.filter((e) => e.status === 'deprecated').length;
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-zinc-500">
      <div className="flex gap-1.5">
        <dt>Base path</dt>
        <dd>{api.basePath ? <code className="font-mono text-zinc-700">{api.basePath}</code> : <span className="text-zinc-500">not set</span>}</dd>
      </div>
      <div className="flex gap-1.5">
        <dt>Owner</dt>
        <dd className="text-zinc-700">{api.ownerName ?? <span className="text-zinc-500">none</span>}</dd>
      </div>
      <div className="flex gap-1.5">
        {/* While filtering, the count is of the endpoints shown, and says so. */}
        <dt>{filtered ? 'Matching endpoints' : 'Endpoints'}</dt>
        <dd className="text-zinc-700">
          {formatNumber(count)}
          {deprecated > 0 ? <span className="text-amber-700"> ({formatNumber(deprecated)} deprecated)</span> : null}
        </dd>
      </div>
    </dl>
  );
}
