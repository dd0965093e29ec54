import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KeyEnvironmentBadge } from '@/components/keys/key-environment-badge';
import { KeyStatusBadge } from '@/components/keys/key-status-badge';
import { ScopeChips } from '@/components/keys/scope-chips';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { formatNumber } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { requireTenant } from '@/lib/auth/require-tenant';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { getKeyDetail, type KeyDetail } from '@/lib/keys/get-key-detail';
import { isStorableText } from '@/lib/validation/storable';
import { KeyActions } from './key-actions';
import { KeyActivity } from './key-activity';
import { KeyTraffic } from './key-traffic';

export const metadata: Metadata = { title: 'API key' };

async function loadKey(...args: Parameters<typeof getKeyDetail>): Promise<KeyDetail> {
  try {
    // An id Postgres cannot store (NUL from the URL) names no key: a 404, not a database error.
    if (!isStorableText(args[1])) notFound();
    return await getKeyDetail(...args);
  } catch (error) {
    // Another organization's key, or no such key: the same answer, so existence does not leak.
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

const prefixLinkClasses = 'rounded font-mono text-xs text-indigo-700 hover:text-indigo-900 hover:underline';

export default async function KeyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const tenant = await requireTenant();
  const { isStaff } = tenant;
  const { id } = await params;
  const detail = await loadKey(tenant, id);
  const { key, status, partner } = detail;
  // Revoked and expired keys are history: nothing left to rotate or revoke.
  const canManage = detail.canWrite && (status === 'active' || status === 'expiring');

  return (
    <>
      <Link href="/keys" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        API keys
      </Link>
      <PageHeader
        title={key.keyName}
        description={
          <>
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{key.tokenPrefix}</code>
            {isStaff ? <span> · {partner.name}</span> : null}
          </>
        }
        actions={
          <>
            <KeyEnvironmentBadge environment={key.environment} />
            <KeyStatusBadge status={status} />
          </>
        }
      />

      <div className="space-y-6">
        {status === 'revoked' ? (
          <Alert tone="error" title="This key is revoked">
            Requests with it are refused
            {key.revokedAt ? (
              <>
                {' '}
                since <Time value={key.revokedAt} withTime />
              </>
            ) : null}
            .
          </Alert>
        ) : status === 'expired' ? (
          <Alert tone="info" title="This key has expired">
            {key.expiresAt ? (
              <>
                It stopped working on <Time value={key.expiresAt} withTime />.
              </>
            ) : (
              'It no longer works.'
            )}
          </Alert>
        ) : status === 'expiring' && key.expiresAt ? (
          <Alert tone="warning" title="This key expires soon">
            It stops working on <Time value={key.expiresAt} withTime />.
            {detail.rotatedTo.length ? ' Switch your servers to the key that replaces it.' : ' Rotate it to get a replacement.'}
          </Alert>
        ) : null}

        <Card aria-labelledby="settings-heading">
          <CardHeader title="Settings" titleId="settings-heading" />
          <CardBody className="py-1">
            <dl className="divide-y divide-zinc-100">
              {isStaff ? <DetailRow term="Organization">{partner.name}</DetailRow> : null}
              <DetailRow term="Prefix">
                <code className="font-mono text-xs text-zinc-800">{key.tokenPrefix}</code>
              </DetailRow>
              <DetailRow term="Environment">
                <KeyEnvironmentBadge environment={key.environment} />
              </DetailRow>
              <DetailRow term="Scopes">
                <ScopeChips scopes={key.scopes} />
              </DetailRow>
              <DetailRow term="Expires">{key.expiresAt ? <Time value={key.expiresAt} withTime /> : 'Never'}</DetailRow>
              <DetailRow term="Rate limit">
                {key.rateLimitPerMinute === null
                  ? `Organization default (${formatNumber(partner.keyRateLimitPerMinute)} per minute)`
                  : `${formatNumber(key.rateLimitPerMinute)} requests per minute`}
              </DetailRow>
              <DetailRow term="Monthly quota">
                {key.monthlyQuota === null
                  ? `Organization default (${formatNumber(partner.monthlyQuota)} requests)`
                  : `${formatNumber(key.monthlyQuota)} requests`}
              </DetailRow>
              <DetailRow term="IP allowlist">
                {key.ipAllowlist.length ? (
                  <ul className="flex flex-wrap gap-1">
                    {key.ipAllowlist.map((entry) => (
                      <li key={entry} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">
                        {entry}
                      </li>
                    ))}
                  </ul>
                ) : (
                  'Any address'
                )}
              </DetailRow>
              {key.scopes.includes('secrets:read') ? (
                <DetailRow term="Secret environments">
                  {key.secretEnvironments?.length
                    ? key.secretEnvironments.join(', ')
                    : key.environment === 'test'
                      ? 'All but production (a test key never reads production)'
                      : 'All'}
                </DetailRow>
              ) : null}
              <DetailRow term="Created">
                <Time value={key.createdAt} withTime />
                {detail.createdByName ? <> by {detail.createdByName}</> : null}
              </DetailRow>
              <DetailRow term="Last used">{key.lastUsedAt ? <Time value={key.lastUsedAt} withTime /> : 'Never'}</DetailRow>
              {key.revokedAt ? (
                <DetailRow term="Revoked">
                  <Time value={key.revokedAt} withTime />
                </DetailRow>
              ) : null}
              {detail.rotatedFrom ? (
                <DetailRow term="Rotated from">
                  <Link href={`/keys/${detail.rotatedFrom.id}`} className={prefixLinkClasses}>
                    {detail.rotatedFrom.tokenPrefix}
                  </Link>
                </DetailRow>
              ) : null}
              {detail.rotatedTo.length ? (
                <DetailRow term="Rotated to">
                  <ul className="flex flex-wrap gap-x-3 gap-y-1">
                    {detail.rotatedTo.map((next) => (
                      <li key={next.id}>
                        <Link href={`/keys/${next.id}`} className={prefixLinkClasses}>
                          {next.tokenPrefix}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </DetailRow>
              ) : null}
            </dl>
          </CardBody>
        </Card>

        {!detail.canWrite && (status === 'active' || status === 'expiring') ? (
          <p className="text-sm text-zinc-600">You can see this key’s settings, but your role cannot rotate or revoke it.</p>
        ) : null}
        <KeyActions key={key.id} keyId={key.id} keyName={key.keyName} canManage={canManage} />

        <Card aria-labelledby="traffic-heading">
          <CardHeader title="Traffic" titleId="traffic-heading" description="Requests, errors and latency of this key." />
          <CardBody>
            <KeyTraffic keyId={key.id} partnerId={key.partnerId} searchParams={await searchParams} />
          </CardBody>
        </Card>

        {detail.canReadHistory ? <KeyActivity keyId={key.id} history={detail.history} rotatedFrom={detail.rotatedFrom} /> : null}
      </div>
    </>
  );
}
