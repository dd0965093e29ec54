import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ImportDotenvForm } from '../_components/import-dotenv-form';
import { OrganizationPicker } from '@/components/partners/organization-picker';
import { secretsHref } from '@/components/secrets/secret-vocabulary';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { firstParam, ownScope } from '@/lib/auth/tenant';
import { listEnvironments } from '@/lib/secrets/environments';

export const metadata: Metadata = { title: 'Import a .env file' };

export default async function ImportDotenvPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const scope = await requireTenant(params);
  const { actor } = scope;
  if (!can(actor, 'secret.read', ownScope(actor))) notFound();
  const requested = firstParam(params, 'env');
  const backLink = (
    <Link
      href={secretsHref('/secrets', { org: scope.orgParam, env: requested })}
      className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900"
    >
      <ArrowLeft aria-hidden="true" className="size-4" />
      Secrets{requested ? ` of ${requested}` : ''}
    </Link>
  );
  const header = (
    <PageHeader
      title="Import a .env file"
      description="Paste a .env file, see what it would add and change, then import it. Changed names get a new version; nothing is deleted."
    />
  );
  const picker = scope.picksOrganization ? (
    <OrganizationPicker
      action="/secrets/import"
      selected={scope.partnerId && scope.organizationName ? { id: scope.partnerId, name: scope.organizationName } : null}
    />
  ) : null;
  if (!scope.partnerId) {
    return (
      <>
        {backLink}
        {header}
        {picker}
        <EmptyState title="Choose an organization" description="Secrets are imported into one organization’s environment: pick it above." />
      </>
    );
  }

  const partnerId = scope.partnerId;
  const environments = await listEnvironments(scope);
  if (requested && !environments.some((e) => e.slug === requested)) notFound();
  // Only the environments this actor may write are offered (a developer: development).
  const writable = environments.map((e) => e.slug).filter((slug) => can(actor, 'secret.write', { partnerId, secretEnvironment: slug }));
  const initial = requested && writable.includes(requested) ? requested : writable[0];

  return (
    <>
      {backLink}
      {header}
      {picker}
      {requested && !writable.includes(requested) ? (
        <Alert tone="info" className="mb-4">
          You cannot change the secrets of {requested}.{writable.length > 0 ? ' Choose an environment you may write.' : ''}
        </Alert>
      ) : null}
      {initial ? (
        <Card>
          <CardBody className="py-5">
            <ImportDotenvForm environments={writable} initialEnvironment={initial} partnerId={scope.orgParam} />
          </CardBody>
        </Card>
      ) : (
        <EmptyState
          title="Nothing you can import into"
          description="You may read these secrets but not change them. Ask a partner admin of the organization."
        />
      )}
    </>
  );
}
