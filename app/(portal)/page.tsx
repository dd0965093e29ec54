import { ArrowRight, CircleCheck, CircleDashed, CircleSlash, Hourglass } from 'lucide-react';
import Link from 'next/link';
import { actorRoleLabel } from '@/components/shell/role-label';
import { GetStartedCard } from '@/components/onboarding/get-started-card';
import { PartnerStatusBadge } from '@/components/partners/partner-status-badge';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { DetailRow } from '@/components/ui/field';
import { formatNumber, humanize } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import type { Tenant } from '@/lib/auth/tenant';
import { listAuditLogs } from '@/lib/audit/list-audit-logs';
import { getOnboardingChecklist } from '@/lib/onboarding/onboarding-checklist';
import { countPartnersByStatus } from '@/lib/partners/count-partners-by-status';
import { getOwnOrganization } from '@/lib/partners/get-organization-overview';

export default async function DashboardPage() {
  const tenant = await requireTenant();
  const { actor } = tenant;
  const role = actorRoleLabel(actor);
  const firstName = actor.name.split(/\s+/)[0] || actor.name;

  return (
    <>
      <div className="mb-8">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Welcome, {firstName}</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Signed in as <span className="font-medium text-zinc-900">{actor.name}</span> · <span className="font-medium text-zinc-900">{role}</span>
          {!tenant.isStaff ? (
            <>
              {' '}
              of <span className="font-medium text-zinc-900">{tenant.organizationName}</span>
            </>
          ) : null}
        </p>
      </div>

      <div className="space-y-6">
        {can(actor, 'partner.list', { partnerId: null }) ? <StaffOverview tenant={tenant} /> : null}
        {!tenant.isStaff ? <GetStarted tenant={tenant} /> : null}
        {!tenant.isStaff ? <OrganizationCard tenant={tenant} /> : null}
        {can(actor, 'audit.read', { partnerId: tenant.partnerId }) ? <RecentActivity tenant={tenant} /> : null}
      </div>
    </>
  );
}

async function StaffOverview({ tenant }: { tenant: Tenant }) {
  const counts = await countPartnersByStatus(tenant);
  const stats = [
    { status: 'pending', label: 'Pending approval', value: counts.pending, icon: Hourglass, tone: 'text-amber-600 bg-amber-50' },
    { status: 'active', label: 'Active', value: counts.active, icon: CircleCheck, tone: 'text-emerald-600 bg-emerald-50' },
    { status: 'suspended', label: 'Suspended', value: counts.suspended, icon: CircleSlash, tone: 'text-red-600 bg-red-50' },
    { status: null, label: 'All organizations', value: counts.total, icon: CircleDashed, tone: 'text-indigo-600 bg-indigo-50' },
  ] as const;

  return (
    <section aria-labelledby="orgs-heading">
      <div className="mb-3 flex items-center justify-between gap-4">
        <h2 id="orgs-heading" className="text-base font-semibold text-zinc-900">
          Organizations
        </h2>
        <Link href="/partners" className="text-sm font-medium text-indigo-700 underline-offset-4 hover:underline">
          View all organizations
        </Link>
      </div>
      {counts.pending > 0 ? (
        <Alert
          tone="warning"
          className="mb-4"
          title={`${formatNumber(counts.pending)} ${counts.pending === 1 ? 'organization awaits' : 'organizations await'} approval`}
        >
          <Link href="/partners?status=pending" className="font-medium underline underline-offset-4">
            Review pending organizations
          </Link>
        </Alert>
      ) : null}
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {stats.map(({ status, label, value, icon: Icon, tone }) => (
          <li key={label}>
            <Link
              href={status ? `/partners?status=${status}` : '/partners'}
              className="group flex h-full items-start justify-between rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition-colors hover:border-indigo-300"
            >
              <span>
                <span className="block text-sm text-zinc-600">{label}</span>
                <span className="mt-2 block text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums">{formatNumber(value)}</span>
              </span>
              <span className={`flex size-9 items-center justify-center rounded-lg ${tone}`}>
                <Icon aria-hidden="true" className="size-4.5" />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The onboarding checklist until every step is done; a suspended organization cannot act on it, so it waits. */
async function GetStarted({ tenant }: { tenant: Tenant }) {
  if (tenant.actor.membership?.partnerStatus !== 'active') return null;
  const checklist = await getOnboardingChecklist(tenant);
  return checklist.complete ? null : <GetStartedCard checklist={checklist} />;
}

async function OrganizationCard({ tenant }: { tenant: Tenant }) {
  const organization = await getOwnOrganization(tenant);
  return (
    <Card aria-labelledby="org-card-heading">
      <CardHeader
        title="Your organization"
        titleId="org-card-heading"
        actions={
          <ButtonLink href="/organization" size="sm">
            See profile and members
            <ArrowRight aria-hidden="true" />
          </ButtonLink>
        }
      />
      <CardBody className="py-1">
        <dl className="divide-y divide-zinc-100">
          <DetailRow term="Name">{organization.name}</DetailRow>
          <DetailRow term="Status">
            <PartnerStatusBadge status={organization.status} />
          </DetailRow>
          <DetailRow term="Support tier">{humanize(organization.supportTier)}</DetailRow>
        </dl>
      </CardBody>
    </Card>
  );
}

async function RecentActivity({ tenant }: { tenant: Tenant }) {
  const { rows } = await listAuditLogs(tenant, { page: 1, pageSize: 5, sort: 'occurred', direction: 'desc', q: '' });
  return (
    <Card aria-labelledby="activity-heading">
      <CardHeader
        title="Recent activity"
        titleId="activity-heading"
        description="The latest sensitive changes."
        actions={
          <ButtonLink href="/audit" size="sm">
            Full history
            <ArrowRight aria-hidden="true" />
          </ButtonLink>
        }
      />
      {rows.length === 0 ? (
        <EmptyState title="Nothing has happened yet." />
      ) : (
        <ul className="divide-y divide-zinc-100">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-5 py-3 text-sm">
              <span className="min-w-0">
                <span className="font-medium text-zinc-900">{row.actorLabel ?? 'Unknown'}</span>{' '}
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{row.action}</code>
                {row.targetId ? <span className="ml-2 font-mono text-xs text-zinc-500">{row.targetId}</span> : null}
              </span>
              <span className="text-zinc-500">
                <Time value={row.occurredAt} withTime />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
