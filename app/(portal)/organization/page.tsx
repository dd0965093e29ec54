import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/db';
import { PartnerStatusBadge } from '@/components/partners/partner-status-badge';
import { roleLabel } from '@/components/shell/role-label';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { formatNumber, humanize } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { getOrganizationOverview } from '@/lib/partners/get-organization-overview';

export const metadata: Metadata = { title: 'Organization' };

export default async function OrganizationPage() {
  const actor = await requirePortalActor();
  // Staff have no organization of their own; they see organizations under Partners.
  const partnerId = actor.membership?.partnerId;
  if (!partnerId || !can(actor, 'partner.read', { partnerId }) || !can(actor, 'member.read', { partnerId })) notFound();

  const { organization, members } = await getOrganizationOverview(db, actor);

  return (
    <>
      <PageHeader
        title={organization.name}
        description="Your organization’s profile and the people who work in it."
        actions={<PartnerStatusBadge status={organization.status} />}
      />

      <div className="space-y-6">
        <Card aria-labelledby="profile-heading">
          <CardHeader title="Profile" titleId="profile-heading" description="Set by our team when your organization was approved." />
          <CardBody className="py-1">
            <dl className="divide-y divide-zinc-100">
              <DetailRow term="Name">{organization.name}</DetailRow>
              <DetailRow term="Slug">
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{organization.slug}</code>
              </DetailRow>
              <DetailRow term="Status">
                <PartnerStatusBadge status={organization.status} />
              </DetailRow>
              <DetailRow term="Support tier">{humanize(organization.supportTier)}</DetailRow>
              <DetailRow term="Default rate limit">{formatNumber(organization.defaultRateLimitPerMinute)} requests per minute</DetailRow>
              <DetailRow term="Monthly quota">{formatNumber(organization.defaultMonthlyQuota)} requests</DetailRow>
              <DetailRow term="Created">
                <Time value={organization.createdAt} />
              </DetailRow>
            </dl>
          </CardBody>
        </Card>

        <Card aria-labelledby="members-heading">
          <CardHeader
            title="Members"
            titleId="members-heading"
            description={`${formatNumber(members.length)} ${members.length === 1 ? 'person' : 'people'} in ${organization.name}.`}
          />
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">Members of {organization.name}</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/80">
                <tr>
                  {['Name', 'Email', 'Role', 'Joined'].map((title) => (
                    <th key={title} scope="col" className="px-5 py-2.5 text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                      {title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {members.map((member) => (
                  <tr key={member.userId}>
                    <td className="px-5 py-3 font-medium text-zinc-900">
                      <span className="flex flex-wrap items-center gap-2">
                        {member.name}
                        {member.userId === actor.userId ? <Badge>You</Badge> : null}
                        {member.userId === organization.primaryContactId ? <Badge tone="accent">Primary contact</Badge> : null}
                        {member.disabled ? <Badge tone="danger">Disabled</Badge> : null}
                      </span>
                    </td>
                    <td className="px-5 py-3 text-zinc-700">{member.email}</td>
                    <td className="px-5 py-3 text-zinc-700">{roleLabel(member.role)}</td>
                    <td className="px-5 py-3 text-zinc-700">
                      <Time value={member.joinedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
    </>
  );
}
