import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApiReference } from '@/components/reference/api-reference';
import { ownScope } from '@/lib/auth/tenant';
import { PageHeader } from '@/components/ui/page-header';
import { portalOpenApiDocument } from '@/lib/api/portal-openapi-document';
import { apiRoutes } from '@/lib/api/routes';
import { can } from '@/lib/auth/policy';
import { currentDocReader } from '@/lib/docs/doc-reader';
import { createTryItKey } from './actions';

export const metadata: Metadata = { title: 'API reference' };

export default async function ReferencePage() {
  // Signed out too: the contract is public (as /api/v1/openapi.json is); calling it needs a key.
  const { actor } = await currentDocReader();
  if (actor && !can(actor, 'catalog.read', { partnerId: null })) notFound();

  // The same document /api/v1/openapi.json serves, built in-process rather than fetched over HTTP.
  // The same document as /api/v1/openapi.json, with each endpoint's deprecation from the catalog.
  const document = await portalOpenApiDocument(apiRoutes);

  return (
    <>
      <PageHeader
        title="API reference"
        description="Every /api/v1 endpoint: its parameters, request and response schemas and status codes. Try any of them with a key."
        actions={
          <span className="flex gap-4 text-sm font-medium">
            <Link href="/reference/graphql" className="text-indigo-700 hover:text-indigo-900">
              GraphQL explorer
            </Link>
            <a href="/api/v1/graphql/schema.graphql" className="text-indigo-700 hover:text-indigo-900">
              GraphQL schema
            </a>
          </span>
        }
      />
      <ApiReference
        document={document}
        keysHref={actor && can(actor, 'key.read', ownScope(actor)) ? '/keys' : null}
        playground={!actor}
        mintKey={actor && !actor.staffRole && can(actor, 'key.write', { ...ownScope(actor), keyEnvironment: 'test' }) ? createTryItKey : null}
      />
    </>
  );
}
