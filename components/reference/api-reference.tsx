import { FileJson } from 'lucide-react';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ApiKeyProvider, type MintKeyAction } from './api-key-context';
import { BaseUrl } from './base-url';
import { InlineCode } from './inline-code';
import type { JsonSchema, SchemaResolver } from '@/lib/api/json-schema';
import { groupOperations, resolvePointer, schemaAnchor, type OpenApiDocument } from './openapi-model';
import { OperationCard } from './operation-card';
import { OperationIndex } from './operation-index';
import { SchemaView } from './schema-view';

function Overview({ document, basePath, keysHref }: { document: OpenApiDocument; basePath: string; keysHref: string | null }) {
  return (
    <Card>
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            {document.info.title} <Badge>v{document.info.version}</Badge>
          </span>
        }
        actions={
          // A plain link: the document is JSON, not a page of the app.
          <a href={`${basePath}/openapi.json`} className="inline-flex items-center gap-1.5 text-sm font-medium text-indigo-700 hover:text-indigo-900">
            <FileJson aria-hidden="true" className="size-4" />
            OpenAPI document
          </a>
        }
      />
      <CardBody className="space-y-3 text-sm text-zinc-700">
        {document.info.description ? (
          <p>
            <InlineCode text={document.info.description} />
          </p>
        ) : null}
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-zinc-500">Base URL</dt>
          <dd>
            <BaseUrl basePath={basePath} />
          </dd>
          <dt className="font-medium text-zinc-500">Errors</dt>
          <dd>
            <code className="font-mono text-xs">application/problem+json</code>, shaped like{' '}
            <a href={`#${schemaAnchor('Problem')}`} className="font-mono text-indigo-700 underline decoration-indigo-300 underline-offset-2">
              Problem
            </a>
            ; quote its <code className="font-mono text-xs">requestId</code> when you ask support.
          </dd>
          <dt className="font-medium text-zinc-500">Keys</dt>
          <dd>
            Every “Try it” console on this page sends its request from your browser with the key you paste, which is kept in this page’s memory only.
            {keysHref ? (
              <>
                {' '}
                Create a test key under{' '}
                <Link href={keysHref} className="font-medium text-indigo-700 hover:text-indigo-900">
                  API keys
                </Link>
                .
              </>
            ) : null}
          </dd>
        </dl>
      </CardBody>
    </Card>
  );
}

/** The API reference, rendered from the OpenAPI document generically: whatever routes it lists. */
export function ApiReference({
  document,
  keysHref,
  playground = false,
  mintKey = null,
}: {
  document: OpenApiDocument;
  keysHref: string | null;
  playground?: boolean;
  /** Signed in with key rights: the consoles offer to make a one-hour read-only test key. */
  mintKey?: MintKeyAction | null;
}) {
  const groups = groupOperations(document);
  const schemas = Object.entries(document.components?.schemas ?? {}).filter(
    (entry): entry is [string, JsonSchema] => typeof entry[1] === 'object' && entry[1] !== null,
  );
  const resolve: SchemaResolver = (ref) => {
    const target = resolvePointer(document, ref);
    return typeof target === 'object' && target !== null ? (target as JsonSchema) : undefined;
  };
  // Only a same-origin server can be called from the console; the document's is `/api/v1`.
  const server = document.servers?.[0]?.url;
  const basePath = server?.startsWith('/') ? server.replace(/\/$/, '') : '/api/v1';

  return (
    <ApiKeyProvider mintKey={mintKey}>
      <div className="xl:grid xl:grid-cols-[13rem_minmax(0,1fr)] xl:gap-8">
        <aside className="mb-6 rounded-xl border border-zinc-200 bg-white p-4 xl:sticky xl:top-24 xl:mb-0 xl:max-h-[calc(100vh-7rem)] xl:self-start xl:overflow-y-auto xl:border-0 xl:bg-transparent xl:p-0">
          <OperationIndex groups={groups} schemaNames={schemas.map(([name]) => name)} />
        </aside>
        <div className="min-w-0 space-y-10">
          <Overview document={document} basePath={basePath} keysHref={keysHref} />
          {playground ? (
            <Alert tone="info" title="Playground: mock data, no account needed">
              Signed out, every “Try it” console answers from the playground: responses are built from this document’s schemas and examples, no key is sent and
              nothing is stored.{' '}
              <Link href="/login" className="font-medium underline underline-offset-4">
                Sign in
              </Link>{' '}
              to call the API with your own keys.
            </Alert>
          ) : null}
          {groups.length === 0 ? (
            <Card>
              <EmptyState title="No endpoints yet" description="The API document lists no operations." />
            </Card>
          ) : null}
          {groups.map((group) => (
            <section key={group.slug} aria-labelledby={group.slug} className="space-y-4">
              <h2 id={group.slug} className="scroll-mt-24 text-lg font-semibold text-zinc-900">
                {group.tag}
              </h2>
              {group.operations.map((operation) => (
                <OperationCard
                  key={`${operation.method} ${operation.path}`}
                  operation={operation}
                  basePath={basePath}
                  resolve={resolve}
                  playground={playground}
                />
              ))}
            </section>
          ))}
          {schemas.length ? (
            <section aria-labelledby="schemas" className="space-y-4">
              <h2 id="schemas" className="scroll-mt-24 text-lg font-semibold text-zinc-900">
                Schemas
              </h2>
              {schemas.map(([name, schema]) => (
                <Card key={name} id={schemaAnchor(name)} aria-labelledby={`${schemaAnchor(name)}-title`} className="scroll-mt-24">
                  <CardHeader as="h3" title={<span className="font-mono">{name}</span>} titleId={`${schemaAnchor(name)}-title`} />
                  <CardBody className="py-2">
                    <SchemaView schema={schema} resolve={resolve} />
                  </CardBody>
                </Card>
              ))}
            </section>
          ) : null}
        </div>
      </div>
    </ApiKeyProvider>
  );
}
