import { Pencil } from 'lucide-react';
import Link from 'next/link';
import { MethodBadge } from '@/components/reference/method-badge';
import { buttonClasses } from '@/components/ui/button';
import type { CatalogApi } from '@/lib/catalog/list-catalog';
import { operationIdOf } from './catalog-vocabulary';
import { EndpointDescription } from './endpoint-description';
import { EndpointPath } from './endpoint-path';
import { EndpointScope } from './endpoint-scope';
import { EndpointStatusBadge } from './endpoint-status-badge';

/**
 * An API's endpoints. The portal's own endpoints (synced from its OpenAPI document) link to their
 * operation on /reference; staff admins get an Edit link per row.
 */
export function EndpointsTable({ api, canWrite }: { api: CatalogApi; canWrite: boolean }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm">
        <caption className="sr-only">
          Endpoints of {api.name} {api.version}
        </caption>
        <thead className="border-y border-zinc-200 bg-zinc-50/80 text-xs font-medium whitespace-nowrap text-zinc-600">
          <tr>
            <th scope="col" className="px-5 py-2.5">
              Endpoint
            </th>
            <th scope="col" className="px-4 py-2.5">
              Description
            </th>
            <th scope="col" className="px-4 py-2.5">
              Required scope
            </th>
            <th scope="col" className="px-4 py-2.5">
              Status
            </th>
            {canWrite ? (
              <th scope="col" className="px-5 py-2.5 text-right">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {api.endpoints.map((endpoint) => {
            const label = `${endpoint.method} ${endpoint.path}`;
            const path = <EndpointPath basePath={api.basePath} path={endpoint.path} />;
            return (
              <tr key={endpoint.id} className="align-top hover:bg-zinc-50/70">
                <th scope="row" className="min-w-[16rem] px-5 py-3 font-normal">
                  <span className="flex items-start gap-2.5">
                    <MethodBadge method={endpoint.method} className="mt-px shrink-0" />
                    {endpoint.source === 'openapi' ? (
                      <Link
                        href={`/reference#${operationIdOf(endpoint.method, endpoint.path)}`}
                        className="rounded underline decoration-zinc-300 decoration-dotted underline-offset-4 hover:decoration-indigo-500 hover:decoration-solid"
                      >
                        {path}
                        <span className="sr-only"> (API reference)</span>
                      </Link>
                    ) : (
                      path
                    )}
                  </span>
                </th>
                <td className="max-w-md px-4 py-3 text-zinc-700">
                  <EndpointDescription text={endpoint.description} />
                </td>
                <td className="px-4 py-3">
                  <EndpointScope scope={endpoint.requiredScope} />
                </td>
                <td className="px-4 py-3">
                  <EndpointStatusBadge status={endpoint.status} sunsetAt={endpoint.sunsetAt} />
                </td>
                {canWrite ? (
                  <td className="px-5 py-2.5 text-right">
                    <Link href={`/catalog/endpoints/${endpoint.id}`} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
                      <Pencil aria-hidden="true" />
                      Edit<span className="sr-only"> {label}</span>
                    </Link>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
