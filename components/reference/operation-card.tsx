import { KeyRound, Lock, Unlock } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { InlineCode } from './inline-code';
import type { SchemaResolver } from '@/lib/api/json-schema';
import { MethodBadge } from './method-badge';
import type { ReferenceOperation } from './openapi-model';
import { OperationStatusBadges } from './operation-status';
import { ParametersTable } from './parameters-table';
import { ResponsesList } from './responses-list';
import { SchemaView } from './schema-view';
import { TryItConsole } from './try-it-console';
import { tryItOperation } from './try-it-operation';

function AccessBadge({ operation }: { operation: ReferenceOperation }) {
  if (!operation.needsKey) {
    return (
      <Badge>
        <Unlock aria-hidden="true" className="size-3" />
        No key needed
      </Badge>
    );
  }
  if (!operation.scope) {
    return (
      <Badge>
        <KeyRound aria-hidden="true" className="size-3" />
        Any valid key
      </Badge>
    );
  }
  return (
    <Badge tone="accent">
      <Lock aria-hidden="true" className="size-3" />
      Scope <span className="font-mono">{operation.scope}</span>
    </Badge>
  );
}

const parameterGroups = [
  { location: 'path', title: 'Path parameters' },
  { location: 'query', title: 'Query parameters' },
  { location: 'header', title: 'Header parameters' },
  { location: 'cookie', title: 'Cookie parameters' },
] as const;

function SubHeading({ children }: { children: string }) {
  return <h4 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{children}</h4>;
}

/** One operation: what it does, what it takes, what it answers, and a console to call it. */
export function OperationCard({
  operation,
  basePath,
  resolve,
  playground = false,
}: {
  operation: ReferenceOperation;
  basePath: string;
  resolve: SchemaResolver;
  /** Signed out: the console answers with mock data from the playground. */
  playground?: boolean;
}) {
  const titleId = `${operation.id}-title`;
  const endpointId = `${operation.id}-endpoint`;
  return (
    // Named "GET /me The calling key…": the endpoint first, as readers (and tests) look for it.
    <Card id={operation.id} aria-labelledby={`${endpointId} ${titleId}`} className="scroll-mt-24">
      <div className="border-b border-zinc-100 px-5 py-4">
        <p id={endpointId} className="flex min-w-0 flex-wrap items-center gap-2">
          <MethodBadge method={operation.method} /> <code className="font-mono text-sm font-semibold break-all text-zinc-900">{operation.path}</code>
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h3 id={titleId} className="text-base font-semibold text-zinc-900">
            <a href={`#${operation.id}`} className="hover:underline">
              {operation.summary}
            </a>
          </h3>
          <AccessBadge operation={operation} />
          <OperationStatusBadges operation={operation} />
        </div>
        {operation.description ? (
          <p className="mt-2 max-w-3xl text-sm text-zinc-600">
            <InlineCode text={operation.description} />
          </p>
        ) : null}
        {operation.status === 'retired' ? <p className="mt-2 text-sm text-red-700">This endpoint is retired and no longer answers requests.</p> : null}
      </div>

      <div className="space-y-6 px-5 py-5">
        {parameterGroups.map(({ location, title }) => {
          const parameters = operation.parameters.filter((p) => p.in === location);
          return parameters.length ? (
            <div key={location}>
              <SubHeading>{title}</SubHeading>
              <ParametersTable parameters={parameters} caption={`${title} of ${operation.method} ${operation.path}`} />
            </div>
          ) : null;
        })}
        {operation.requestBody ? (
          <div>
            <SubHeading>Request body</SubHeading>
            <p className="mb-2 text-xs text-zinc-500">
              <code className="font-mono">{operation.requestBody.mediaType}</code>
              {operation.requestBody.required ? ' · required' : ' · optional'}
            </p>
            <div className="rounded-lg border border-zinc-200 px-3">
              {operation.requestBody.schema ? (
                <SchemaView schema={operation.requestBody.schema} resolve={resolve} />
              ) : (
                <p className="py-2 text-sm text-zinc-500">Any JSON.</p>
              )}
            </div>
          </div>
        ) : null}
        <div>
          <SubHeading>Responses</SubHeading>
          <ResponsesList responses={operation.responses} resolve={resolve} />
        </div>
        <TryItConsole operation={tryItOperation(operation, basePath, resolve)} playground={playground} />
      </div>
    </Card>
  );
}
