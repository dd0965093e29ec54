import { ArrowLeft, KeyRound, ScrollText } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MembersPanel } from '@/components/members/members-panel';
import { OnboardingChecklistCard } from '@/components/partners/onboarding-checklist-card';
import { PartnerStatusBadge } from '@/components/partners/partner-status-badge';
import { supportTierLabel } from '@/components/partners/support-tiers';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { formatNumber } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { narrowTenant, type Tenant } from '@/lib/auth/tenant';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { getOrganizationOverview, type OrganizationOverview } from '@/lib/partners/get-organization-overview';
import { TwoFactorPolicyForm } from '@/components/identity/two-factor-policy-form';
import { organizationTwoFactorSetting } from '@/lib/identity/two-factor-settings';
import { setPartnerTwoFactor } from '../actions';
import { PartnerSettingsForm } from './partner-settings-form';
import { PartnerStatusButton, PartnerStatusOutcome, PartnerStatusProvider } from './partner-status-controls';

export const metadata: Metadata = { title: 'Organization' };

async function loadOverview(tenant: Tenant, id: string): Promise<OrganizationOverview> {
  try {
    // Inside the try: an unknown organization (or an id Postgres cannot store) is a NotFoundError from narrowTenant too.
    return await getOrganizationOverview(narrowTenant(tenant, id));
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) notFound();
    throw error;
  }
}

const muted = (text: string) => <span className="text-zinc-500">{text}</span>;

export default async function PartnerPage({ params }: { params: Promise<{ id: string }> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  // Staff only: partner users see their own organization under /organization.
  if (!can(actor, 'partner.list', { partnerId: null })) notFound();
  const { id } = await params;
  // Staff only (above): the organization of the URL is the one they look at; an unknown one is a 404.
  const overview = await loadOverview(tenant, id);
  const { organization, checklist } = overview;
  const canChangeStatus = organization.status === 'pending' ? can(actor, 'partner.approve', { partnerId: organization.id }) : overview.can.suspend;
  const canManageSecurity = can(actor, 'security.manage', { partnerId: organization.id });
  const twoFactorRequired = await organizationTwoFactorSetting(organization.id);
  const primaryContact = overview.members.find((member) => member.userId === organization.primaryContactId) ?? null;

  return (
    <PartnerStatusProvider partnerId={organization.id} name={organization.name} status={organization.status}>
      <Link href="/partners" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Partners
      </Link>
      <PageHeader
        title={organization.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{organization.slug}</code>
            <PartnerStatusBadge status={organization.status} />
            <span>{supportTierLabel(organization.supportTier)} support</span>
          </span>
        }
        actions={
          <>
            <ButtonLink href={`/keys?q=${encodeURIComponent(organization.slug)}`}>
              <KeyRound aria-hidden="true" />
              API keys
            </ButtonLink>
            <ButtonLink href={`/audit?partner=${encodeURIComponent(organization.id)}`}>
              <ScrollText aria-hidden="true" />
              Audit log
            </ButtonLink>
            {canChangeStatus ? <PartnerStatusButton /> : null}
          </>
        }
      />

      <div className="space-y-6">
        <PartnerStatusOutcome />

        {organization.status === 'suspended' ? (
          <Alert tone="error" title={`${organization.name} is suspended`}>
            All its API keys are refused and its users have a read-only portal
            {organization.suspendedAt ? (
              <>
                {' '}
                since <Time value={organization.suspendedAt} withTime />
              </>
            ) : null}
            .
          </Alert>
        ) : organization.status === 'pending' ? (
          <Alert tone="warning" title={`${organization.name} is waiting for approval`}>
            Its users have a read-only portal until the organization is approved.
          </Alert>
        ) : null}

        <div className="grid gap-6 lg:grid-cols-2">
          <Card aria-labelledby="profile-heading">
            <CardHeader title="Profile" titleId="profile-heading" description="Written by the organization’s partner admins." />
            <CardBody className="py-1">
              <dl className="divide-y divide-zinc-100">
                <DetailRow term="Website">
                  {organization.website ? (
                    <a
                      href={organization.website}
                      rel="noopener noreferrer"
                      className="rounded break-all text-indigo-700 hover:text-indigo-900 hover:underline"
                    >
                      {organization.website}
                    </a>
                  ) : (
                    muted('Not set')
                  )}
                </DetailRow>
                <DetailRow term="Description">
                  {organization.description ? <span className="whitespace-pre-line">{organization.description}</span> : muted('Not set')}
                </DetailRow>
                <DetailRow term="Primary contact">
                  {primaryContact ? (
                    <>
                      {primaryContact.name} <span className="text-zinc-500">({primaryContact.email})</span>
                    </>
                  ) : (
                    muted('None yet')
                  )}
                </DetailRow>
                <DetailRow term="Created">
                  <Time value={organization.createdAt} />
                </DetailRow>
                {organization.approvedAt ? (
                  <DetailRow term="Approved">
                    <Time value={organization.approvedAt} />
                  </DetailRow>
                ) : null}
              </dl>
            </CardBody>
          </Card>

          <Card aria-labelledby="settings-heading">
            <CardHeader title="Settings" titleId="settings-heading" description="The support tier, and the limits of every key that does not set its own." />
            {overview.can.changeSettings ? (
              <CardBody>
                <PartnerSettingsForm
                  partnerId={organization.id}
                  settings={{
                    supportTier: organization.supportTier,
                    keyRateLimitPerMinute: organization.keyRateLimitPerMinute,
                    monthlyQuota: organization.monthlyQuota,
                  }}
                />
              </CardBody>
            ) : (
              <CardBody className="py-1">
                <dl className="divide-y divide-zinc-100">
                  <DetailRow term="Support tier">{supportTierLabel(organization.supportTier)}</DetailRow>
                  <DetailRow term="Default rate limit per minute">{formatNumber(organization.keyRateLimitPerMinute)} requests</DetailRow>
                  <DetailRow term="Default monthly quota">{formatNumber(organization.monthlyQuota)} requests</DetailRow>
                </dl>
              </CardBody>
            )}
          </Card>
        </div>

        <Card aria-labelledby="two-factor-policy-heading">
          <CardHeader
            title="Two-factor sign-in"
            titleId="two-factor-policy-heading"
            description="Whether the organization’s members must confirm their sign-in with a second factor."
          />
          <CardBody className={canManageSecurity ? undefined : 'py-3 text-sm'}>
            {canManageSecurity ? (
              <TwoFactorPolicyForm action={setPartnerTwoFactor} required={twoFactorRequired} partnerId={organization.id} who="members" />
            ) : twoFactorRequired ? (
              'Required'
            ) : (
              'Optional'
            )}
          </CardBody>
        </Card>

        <OnboardingChecklistCard checklist={checklist} />

        <MembersPanel overview={overview} />
      </div>
    </PartnerStatusProvider>
  );
}
