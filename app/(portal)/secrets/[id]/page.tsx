import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccessLogTable, type AccessLogTableRow } from '@/components/secrets/access-log-table';
import { EditSecretForm } from '../_components/edit-secret-form';
import { ReadOnlyNote } from '@/components/secrets/read-only-note';
import { restoreDeadline } from '@/components/secrets/restore-deadline';
import { SecretKindBadge } from '@/components/secrets/secret-kind-badge';
import { SecretLifecycle } from '../_components/secret-lifecycle';
import { SecretValue } from '../_components/secret-value';
import { secretsHref } from '@/components/secrets/secret-vocabulary';
import { VersionHistory } from '../_components/version-history';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { requireTenant } from '@/lib/auth/require-tenant';
import { narrowTenant, type Tenant } from '@/lib/auth/tenant';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { getSecretDetail, listAccessLogs, type SecretDetail } from '@/lib/secrets/list-secrets';
import { SECRET_RESTORE_DAYS } from '@/lib/secrets/write-secrets';
import { parseTableQuery } from '@/lib/tables/table-query';

export const metadata: Metadata = { title: 'Secret' };

async function loadSecret(tenant: Tenant, id: string): Promise<SecretDetail> {
  try {
    return await getSecretDetail(tenant, id);
  } catch (error) {
    // Another organization's secret, or none: the same answer, so existence does not leak.
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

export default async function SecretPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  const { id } = await params;
  const secret = await loadSecret(tenant, id);
  // The secret's organization: for staff, the one every link of the section stays in.
  const scope = narrowTenant(tenant, secret.partnerId);
  const query = parseTableQuery(await searchParams, { sortable: ['occurred'], defaultSort: 'occurred', defaultDirection: 'desc' });
  const log = await listAccessLogs(scope, { secretId: secret.id }, query);
  const rows: AccessLogTableRow[] = log.rows.map((row) => ({ ...row }));
  // Only what the history shows travels to the browser (not which master key sealed each version).
  const versions = secret.versions.map(({ version, createdAt, createdByName }) => ({ version, createdAt, createdByName }));

  const deleted = secret.deletedAt !== null;
  const restorableUntil = restoreDeadline(secret.deletedAt);
  const restorable = restorableUntil !== null;
  // Changing and revealing a deleted secret is refused: restore it first.
  const canChange = secret.canWrite && !deleted;
  const org = scope.orgParam;
  const backHref = secretsHref('/secrets', { org, env: secret.environment, deleted: deleted ? '1' : null });

  return (
    <>
      <Link href={backHref} className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Secrets of {secret.environment}
      </Link>
      <PageHeader
        title={<span className="font-mono [overflow-wrap:anywhere]">{secret.name}</span>}
        description={`In ${secret.environment}, at version ${secret.currentVersion}.`}
        actions={
          <>
            <SecretKindBadge kind={secret.kind} />
            {deleted ? <Badge tone="danger">Deleted</Badge> : null}
          </>
        }
      />

      <div className="space-y-6">
        {deleted && secret.deletedAt ? (
          <Alert tone="warning" title="This secret is deleted">
            Deleted <Time value={secret.deletedAt} withTime />. The CLI no longer receives it.{' '}
            {restorable && restorableUntil ? (
              <>
                It can be restored until <Time value={restorableUntil} />.
              </>
            ) : null}
          </Alert>
        ) : null}
        {secret.canWrite ? null : <ReadOnlyNote actor={actor} environment={secret.environment} />}

        <Card aria-labelledby="value-heading">
          <CardHeader
            title="Value"
            titleId="value-heading"
            description={canChange ? 'Masked until you reveal it. Every reveal is in the access log below.' : undefined}
          />
          <CardBody>
            {/* Keyed by version: after an edit or a rollback a value revealed earlier is masked again. */}
            <SecretValue key={secret.currentVersion} secretId={secret.id} name={secret.name} canReveal={canChange} />
            <dl className="mt-4 divide-y divide-zinc-100 border-t border-zinc-100">
              <DetailRow term="Environment">{secret.environment}</DetailRow>
              <DetailRow term="Current version">v{secret.currentVersion}</DetailRow>
              <DetailRow term="Updated by">{secret.updatedByName ?? '—'}</DetailRow>
              <DetailRow term="Updated">
                <Time value={secret.updatedAt} withTime />
              </DetailRow>
              <DetailRow term="Last read">{secret.lastReadAt ? <Time value={secret.lastReadAt} withTime /> : 'Never'}</DetailRow>
            </dl>
          </CardBody>
        </Card>

        {canChange ? (
          <Card aria-labelledby="edit-heading">
            <CardHeader title="Edit" titleId="edit-heading" description="Saving adds a new version; the CLI pulls it from then on." />
            <CardBody>
              <EditSecretForm secretId={secret.id} name={secret.name} kind={secret.kind} currentVersion={secret.currentVersion} />
            </CardBody>
          </Card>
        ) : null}

        <Card aria-labelledby="history-heading">
          <CardHeader
            title="Version history"
            titleId="history-heading"
            description="Who saved each version and when. Rolling back saves the old value as a new version."
          />
          <VersionHistory secretId={secret.id} name={secret.name} currentVersion={secret.currentVersion} versions={versions} canWrite={canChange} />
        </Card>

        <section aria-labelledby="access-heading" className="space-y-3">
          <h2 id="access-heading" className="text-base font-semibold text-zinc-900">
            Access log
          </h2>
          <AccessLogTable page={{ ...log, rows }} label={`Access log of ${secret.name}`} scope="secret" />
        </section>

        {secret.canWrite ? (
          <Card aria-labelledby="danger-heading">
            <CardHeader
              title={deleted ? 'Restore' : 'Delete'}
              titleId="danger-heading"
              description={deleted ? 'Bring the secret back with its history.' : `Deleted secrets can be restored for ${SECRET_RESTORE_DAYS} days.`}
            />
            <CardBody>
              <SecretLifecycle
                secretId={secret.id}
                name={secret.name}
                environment={secret.environment}
                deleted={deleted}
                restorable={restorable}
                restoreDays={SECRET_RESTORE_DAYS}
              />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
