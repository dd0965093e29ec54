import { FolderPlus, GitCompareArrows, LockKeyhole, Plus, ScrollText, Upload } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { EnvironmentTabs } from '@/components/secrets/environment-tabs';
import { ExportEnvironmentButton } from './_components/export-environment-button';
import { NewEnvironmentForm } from './_components/new-environment-form';
import { NewSecretForm } from './_components/new-secret-form';
import { OrganizationPicker } from '@/components/partners/organization-picker';
import { restoreDeadline } from '@/components/secrets/restore-deadline';
import { ReadOnlyNote } from '@/components/secrets/read-only-note';
import { secretKindOptions, secretsHref, type SecretKind } from '@/components/secrets/secret-vocabulary';
import { SecretsTable, type SecretTableRow } from './_components/secrets-table';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { firstParam, ownScope } from '@/lib/auth/tenant';
import { listEnvironments } from '@/lib/secrets/environments';
import { listSecrets, secretSortColumns } from '@/lib/secrets/list-secrets';
import { SECRET_RESTORE_DAYS } from '@/lib/secrets/write-secrets';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';

export const metadata: Metadata = { title: 'Secrets' };

const kinds = secretKindOptions.map((option) => option.value) as [SecretKind, ...SecretKind[]];

const filters: DataTableFilter[] = [
  { name: 'kind', label: 'Kind', options: [{ value: '', label: 'All' }, ...secretKindOptions] },
  {
    name: 'deleted',
    label: 'Show',
    options: [
      { value: '', label: 'Current secrets' },
      { value: '1', label: `Deleted (last ${SECRET_RESTORE_DAYS} days)` },
    ],
  },
];

export default async function SecretsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // The organization whose secrets are shown: a partner user's own; staff choose one with `?org=`.
  const scope = await requireTenant(params);
  const { actor } = scope;
  if (!can(actor, 'secret.read', ownScope(actor))) notFound();
  const description = scope.organizationName
    ? `${scope.organizationName}’s encrypted environment variables and third-party API keys, per environment.`
    : 'Encrypted environment variables and third-party API keys of each organization.';
  const header = <PageHeader title="Secrets" description={description} />;
  const picker = scope.picksOrganization ? (
    <OrganizationPicker action="/secrets" selected={scope.partnerId && scope.organizationName ? { id: scope.partnerId, name: scope.organizationName } : null} />
  ) : null;
  if (!scope.partnerId) {
    return (
      <>
        {header}
        {picker}
        <EmptyState
          icon={<LockKeyhole aria-hidden="true" />}
          title="Choose an organization"
          description="Secrets belong to one organization: pick it above to see its environments."
        />
      </>
    );
  }
  const partnerId = scope.partnerId;
  const org = scope.orgParam;

  const environments = await listEnvironments(scope);
  const requested = firstParam(params, 'env');
  const environment = requested ? environments.find((e) => e.slug === requested) : environments[0];
  if (requested && !environment) notFound();
  const canCreateEnvironment = can(actor, 'secret.write', { partnerId });
  const panel = firstParam(params, 'new');
  const closeHref = secretsHref('/secrets', { org, env: environment?.slug });

  if (!environment) {
    return (
      <>
        {header}
        {picker}
        {panel === 'environment' && canCreateEnvironment ? <NewEnvironmentForm partnerId={org} closeHref={closeHref} /> : null}
        <EmptyState
          title="No environments yet"
          description={canCreateEnvironment ? 'Create one to start keeping secrets.' : 'Ask a partner admin of your organization to create one.'}
          action={
            canCreateEnvironment ? (
              <ButtonLink href={secretsHref('/secrets', { org, new: 'environment' })} variant="primary" size="sm">
                New environment
              </ButtonLink>
            ) : null
          }
        />
      </>
    );
  }

  const env = environment.slug;
  const canWrite = can(actor, 'secret.write', { partnerId, secretEnvironment: env });
  const deleted = firstParam(params, 'deleted') === '1';
  const query = parseTableQuery(params, { sortable: secretSortColumns, defaultSort: 'name', defaultDirection: 'asc' });
  const kind = parseEnumParam(params, 'kind', kinds);
  const page = await listSecrets(scope, env, { ...query, deleted, kind });
  // Only names and metadata travel to the browser.
  const rows: SecretTableRow[] = page.rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    currentVersion: row.currentVersion,
    updatedAt: row.updatedAt,
    updatedByName: row.updatedByName,
    lastReadAt: row.lastReadAt,
    deletedAt: row.deletedAt,
    restorableUntil: restoreDeadline(row.deletedAt),
  }));

  const newSecretHref = secretsHref('/secrets', { org, env, new: 'secret' });
  const importHref = secretsHref('/secrets/import', { org, env });
  const emptyDescription = deleted ? (
    `Deleted secrets stay here for ${SECRET_RESTORE_DAYS} days and can be restored.`
  ) : canWrite ? (
    <>
      <Link href={newSecretHref} className="font-medium text-indigo-700 hover:underline">
        Add one
      </Link>{' '}
      or{' '}
      <Link href={importHref} className="font-medium text-indigo-700 hover:underline">
        import a .env file
      </Link>
      .
    </>
  ) : (
    'Someone who may write this environment can add them.'
  );

  return (
    <>
      <PageHeader
        title="Secrets"
        description={description}
        actions={
          canCreateEnvironment ? (
            <ButtonLink href={secretsHref('/secrets', { org, env, new: 'environment' })}>
              <FolderPlus aria-hidden="true" />
              New environment
            </ButtonLink>
          ) : null
        }
      />
      {picker}
      <EnvironmentTabs environments={environments} current={env} orgParam={org} />

      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <h2 className="pt-2 font-mono text-lg font-semibold text-zinc-900">{env}</h2>
        <div className="flex flex-wrap items-start gap-2">
          {canWrite ? (
            <>
              <ButtonLink href={newSecretHref} variant="primary">
                <Plus aria-hidden="true" />
                New secret
              </ButtonLink>
              <ButtonLink href={importHref}>
                <Upload aria-hidden="true" />
                Import .env
              </ButtonLink>
              <ExportEnvironmentButton environment={env} partnerId={org} />
            </>
          ) : null}
          <ButtonLink href={secretsHref('/secrets/compare', { org, left: env })}>
            <GitCompareArrows aria-hidden="true" />
            Compare
          </ButtonLink>
          <ButtonLink href={secretsHref('/secrets/access-log', { org, env })}>
            <ScrollText aria-hidden="true" />
            Access log
          </ButtonLink>
        </div>
      </div>

      {panel === 'secret' && canWrite ? <NewSecretForm key={env} environment={env} partnerId={org} closeHref={closeHref} /> : null}
      {panel === 'environment' && canCreateEnvironment ? <NewEnvironmentForm partnerId={org} closeHref={closeHref} /> : null}
      {canWrite ? null : <ReadOnlyNote actor={actor} environment={env} />}

      <DataTableToolbar searchLabel={`Search the secrets of ${env}`} searchPlaceholder="Search by name" filters={filters} />
      <SecretsTable
        page={{ ...page, rows }}
        sort={{ id: query.sort, direction: query.direction }}
        environment={env}
        canWrite={canWrite}
        deleted={deleted}
        emptyDescription={emptyDescription}
      />
    </>
  );
}
