import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { GraphqlExplorer } from '@/components/reference/graphql-explorer';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';

export const metadata: Metadata = { title: 'GraphQL explorer' };

export default async function GraphqlExplorerPage() {
  const actor = await requirePortalActor();
  if (!can(actor, 'catalog.read', { partnerId: null })) notFound();
  return (
    <>
      <PageHeader
        title="GraphQL explorer"
        description={
          <>
            Run queries, mutations and subscriptions against <code>/api/v1/graphql</code>. The schema is at{' '}
            <a href="/api/v1/graphql/schema.graphql" className="font-medium text-indigo-700 hover:text-indigo-900">
              /api/v1/graphql/schema.graphql
            </a>
            ; the{' '}
            <Link href="/docs/v1/graphql" className="font-medium text-indigo-700 hover:text-indigo-900">
              GraphQL guide
            </Link>{' '}
            explains scopes and limits.
          </>
        }
      />
      <GraphqlExplorer />
    </>
  );
}
