import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { formatLatency, MethodLabel, RequestTime, StatusCodeBadge } from '@/components/usage/status-code-badge';
import { requireTenant } from '@/lib/auth/require-tenant';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { getRequestLog, type RequestLogRow } from '@/lib/usage/request-explorer';

export const metadata: Metadata = { title: 'Request' };

async function loadRequest(...args: Parameters<typeof getRequestLog>): Promise<RequestLogRow> {
  try {
    return await getRequestLog(...args);
  } catch (error) {
    // Another organization's request, or none (or pruned): the same answer, so existence does not leak.
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

const none = <span className="text-zinc-500">None</span>;
const mono = 'font-mono text-xs text-zinc-800 break-all';

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const tenant = await requireTenant();
  const { isStaff } = tenant;
  const { id } = await params;
  const request = await loadRequest(tenant, id);

  return (
    <>
      <Link href="/usage/requests" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Requests
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <MethodLabel method={request.method} />
            <span className="font-mono text-lg break-all">{request.path}</span>
          </span>
        }
        description={<code className="font-mono text-xs">{request.id}</code>}
        actions={<StatusCodeBadge status={request.statusCode} />}
      />
      <Card aria-labelledby="request-heading">
        <CardHeader title="Request" titleId="request-heading" />
        <CardBody className="py-1">
          <dl className="divide-y divide-zinc-100">
            <DetailRow term="Request id">
              <code className={mono}>{request.id}</code>
            </DetailRow>
            <DetailRow term="When">
              <RequestTime value={request.occurredAt} />
              <span className="ml-2 font-mono text-xs text-zinc-500">{request.occurredAt.toISOString()}</span>
            </DetailRow>
            {isStaff ? <DetailRow term="Organization">{request.partnerName ?? request.partnerId}</DetailRow> : null}
            <DetailRow term="Method">
              <MethodLabel method={request.method} />
            </DetailRow>
            <DetailRow term="Path">
              <code className={mono}>{request.path}</code>
            </DetailRow>
            <DetailRow term="Endpoint">
              <code className={mono}>{request.endpoint}</code>
            </DetailRow>
            <DetailRow term="Status">
              <StatusCodeBadge status={request.statusCode} />
            </DetailRow>
            <DetailRow term="Error code">{request.errorCode ? <code className={mono}>{request.errorCode}</code> : none}</DetailRow>
            <DetailRow term="Latency">{formatLatency(request.latencyMs)}</DetailRow>
            <DetailRow term="Key">
              <Link href={`/keys/${request.apiKeyId}`} className="rounded font-mono text-xs text-indigo-700 hover:text-indigo-900 hover:underline">
                {request.keyPrefix ?? request.apiKeyId}
              </Link>
              {request.keyName ? <span className="ml-2 text-zinc-600">{request.keyName}</span> : null}
            </DetailRow>
            <DetailRow term="IP address">{request.ip ? <code className={mono}>{request.ip}</code> : none}</DetailRow>
            <DetailRow term="User agent">{request.userAgent ? <code className={mono}>{request.userAgent}</code> : none}</DetailRow>
          </dl>
        </CardBody>
      </Card>
    </>
  );
}
