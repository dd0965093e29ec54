import { MethodBadge } from '@/components/reference/method-badge';
import { DetailRow } from '@/components/ui/field';
import { EndpointDescription } from './endpoint-description';
import { EndpointPath } from './endpoint-path';
import { EndpointScope } from './endpoint-scope';
import type { EndpointFormValues } from './endpoint-form-types';

/**
 * What the portal's code defines about one of its own endpoints, read-only, with the values the
 * update action expects back unchanged (it refuses a changed method, path or scope).
 */
export function CodeDefinedEndpoint({ endpoint, basePath, error }: { endpoint: EndpointFormValues; basePath: string; error?: string[] }) {
  return (
    <div className="space-y-2">
      <input type="hidden" name="method" value={endpoint.method} />
      <input type="hidden" name="path" value={endpoint.path} />
      <input type="hidden" name="requiredScope" value={endpoint.requiredScope ?? ''} />
      <input type="hidden" name="description" value={endpoint.description} />
      <p className="text-sm text-zinc-600">Defined by the portal’s code and kept in sync with it at start-up: only the lifecycle can change here.</p>
      <dl className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 px-4">
        <DetailRow term="Endpoint">
          <span className="flex flex-wrap items-center gap-2">
            <MethodBadge method={endpoint.method} />
            <EndpointPath basePath={basePath} path={endpoint.path} />
          </span>
        </DetailRow>
        <DetailRow term="Description">
          <EndpointDescription text={endpoint.description} />
        </DetailRow>
        <DetailRow term="Required scope">
          <EndpointScope scope={endpoint.requiredScope} />
        </DetailRow>
      </dl>
      {error?.[0] ? (
        <p role="alert" className="text-sm text-red-700">
          {error[0]}
        </p>
      ) : null}
    </div>
  );
}
