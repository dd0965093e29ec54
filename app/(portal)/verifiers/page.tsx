import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Time } from '@/components/ui/time';
import { PageHeader } from '@/components/ui/page-header';
import { VerifierFleetTable } from '@/components/verifiers/verifier-fleet-table';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { listRecentRevocations, listVerifierFleet } from '@/lib/verifier/verifier-connections';

export const metadata: Metadata = { title: 'Verifiers' };

export default async function VerifiersPage() {
  const { actor } = await requireTenant();
  // Staff only: for anyone else the page does not exist.
  if (!can(actor, 'partner.list', { partnerId: null })) notFound();
  const [fleet, revocations] = await Promise.all([listVerifierFleet(actor), listRecentRevocations(actor)]);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request: "now" is the request's time.
  const now = Date.now();

  return (
    <>
      <PageHeader
        title="Verifiers"
        description="Services that check partner keys in-process with @partner-portal/verifier, synced from this portal. A verifier reports its position in the change log (seq) every few seconds and its traffic every second."
      />
      <Card>
        <CardHeader title="Fleet" description="Seen in the last day, most recent first." />
        {fleet.length === 0 ? (
          <EmptyState
            title="No verifier has connected yet"
            description="Create a key with the keys:sync scope and start a service with it (see examples/weather-api)."
          />
        ) : (
          <VerifierFleetTable rows={fleet} now={now} />
        )}
      </Card>
      {revocations.length > 0 && fleet.length > 0 ? (
        <Card className="mt-6">
          <CardHeader title="Recent revocations" description="Which verifiers have applied each one (their seq is at or past it), as of their last report." />
          <ul className="divide-y divide-zinc-100 text-sm">
            {revocations.map((revocation) => {
              const applied = fleet.filter((row) => row.seq >= revocation.seq);
              return (
                <li key={revocation.seq} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3">
                  <span className="font-mono text-xs">{revocation.prefix}…</span>
                  <span className="text-zinc-600">
                    revoked <Time value={revocation.revokedAt} withTime /> (seq {revocation.seq})
                  </span>
                  <span className="ml-auto text-zinc-700">
                    applied by {applied.length} of {fleet.length}
                    {applied.length < fleet.length
                      ? ` (waiting: ${fleet
                          .filter((row) => row.seq < revocation.seq)
                          .map((row) => row.hostname ?? row.id)
                          .join(', ')})`
                      : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        </Card>
      ) : null}
    </>
  );
}
