import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { UrlFiltersForm, type UrlFilterField } from '@/components/data-table/url-filters-form';
import { AccessLogTable, type AccessLogTableRow } from '@/components/secrets/access-log-table';
import { OrganizationPicker } from '@/components/partners/organization-picker';
import { accessActionLabels, secretsHref, type SecretAccessAction } from '@/components/secrets/secret-vocabulary';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { firstParam, ownScope } from '@/lib/auth/tenant';
import { listEnvironments } from '@/lib/secrets/environments';
import { listAccessLogs } from '@/lib/secrets/list-secrets';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';

export const metadata: Metadata = { title: 'Secrets access log' };

const actions = Object.keys(accessActionLabels) as [SecretAccessAction, ...SecretAccessAction[]];

export default async function SecretsAccessLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const scope = await requireTenant(params);
  const { actor } = scope;
  if (!can(actor, 'secret.read', ownScope(actor))) notFound();
  const header = (
    <PageHeader
      title="Secrets access log"
      description="Every reveal, export and pull of a value, and every change: who, from which address, when. Newest first."
    />
  );
  const picker = scope.picksOrganization ? (
    <OrganizationPicker
      action="/secrets/access-log"
      selected={scope.partnerId && scope.organizationName ? { id: scope.partnerId, name: scope.organizationName } : null}
    />
  ) : null;
  if (!scope.partnerId) {
    return (
      <>
        {header}
        {picker}
        <EmptyState title="Choose an organization" description="The access log belongs to one organization: pick it above." />
      </>
    );
  }

  const environments = await listEnvironments(scope);
  const requested = firstParam(params, 'env');
  const environment = requested ? environments.find((e) => e.slug === requested) : undefined;
  if (requested && !environment) notFound();
  const action = parseEnumParam(params, 'action', actions);
  const query = parseTableQuery(params, { sortable: ['occurred'], defaultSort: 'occurred', defaultDirection: 'desc' });
  const log = await listAccessLogs(scope, { environmentId: environment?.id, action }, query);
  const rows: AccessLogTableRow[] = log.rows.map((row) => ({ ...row }));

  const fields: UrlFilterField[] = [
    {
      name: 'env',
      label: 'Environment',
      type: 'select',
      options: [{ value: '', label: 'All environments' }, ...environments.map((e) => ({ value: e.slug, label: e.slug }))],
    },
    {
      name: 'action',
      label: 'Action',
      type: 'select',
      options: [{ value: '', label: 'All actions' }, ...actions.map((a) => ({ value: a, label: accessActionLabels[a] }))],
    },
  ];

  return (
    <>
      <Link
        href={secretsHref('/secrets', { org: scope.orgParam, env: environment?.slug })}
        className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        Secrets{environment ? ` of ${environment.slug}` : ''}
      </Link>
      {header}
      {picker}
      <UrlFiltersForm fields={fields} label="Filter the access log" columns={3} />
      <AccessLogTable
        page={{ ...log, rows }}
        label={environment ? `Access log of ${environment.slug}` : `Access log of ${scope.organizationName ?? 'the organization'}`}
        scope="environment"
        filterParams={['env', 'action']}
      />
    </>
  );
}
