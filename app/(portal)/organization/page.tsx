import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MembersPanel } from '@/components/members/members-panel';
import { PartnerStatusBadge } from '@/components/partners/partner-status-badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { DetailRow } from '@/components/ui/field';
import { formatNumber, humanize } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Time } from '@/components/ui/time';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { getOrganizationOverview } from '@/lib/partners/get-organization-overview';
import { TwoFactorPolicyForm } from '@/components/identity/two-factor-policy-form';
import { organizationTwoFactorSetting } from '@/lib/identity/two-factor-settings';
import { OrganizationSsoForm } from '@/components/identity/organization-sso-form';
import { organizationSsoOverview } from '@/lib/identity/organization-sso-overview';
import { saveOrganizationSso, setOrganizationTwoFactor, startDomainVerification } from './actions';
import { OrganizationProfileForm } from './profile-form';

export const metadata: Metadata = { title: 'Organization' };

const notSet = <span className="text-zinc-500">Not set</span>;

export default async function OrganizationPage() {
  const tenant = await requireTenant();
  const { actor } = tenant;
  // Staff have no organization of their own; they see organizations under Partners.
  const { partnerId } = tenant;
  if (!partnerId || !can(actor, 'partner.read', { partnerId }) || !can(actor, 'member.read', { partnerId })) notFound();

  const overview = await getOrganizationOverview(tenant);
  const { organization } = overview;
  const canManageSecurity = can(actor, 'security.manage', { partnerId });
  const twoFactorRequired = canManageSecurity ? await organizationTwoFactorSetting(partnerId) : false;
  const sso = canManageSecurity ? await organizationSsoOverview(partnerId) : null;

  return (
    <>
      <PageHeader
        title={organization.name}
        description="Your organization’s profile and the people who work in it."
        actions={<PartnerStatusBadge status={organization.status} />}
      />

      <div className="space-y-6">
        <Card aria-labelledby="profile-heading">
          <CardHeader
            title="Profile"
            titleId="profile-heading"
            description={
              overview.can.updateProfile
                ? 'How our team knows your organization. A website and a description complete this onboarding step.'
                : 'How our team knows your organization. Your partner admins can change it.'
            }
          />
          {overview.can.updateProfile ? (
            <CardBody className="py-5">
              <OrganizationProfileForm
                organization={{ id: organization.id, name: organization.name, website: organization.website, description: organization.description }}
              />
            </CardBody>
          ) : (
            <CardBody className="py-1">
              <dl className="divide-y divide-zinc-100">
                <DetailRow term="Name">{organization.name}</DetailRow>
                <DetailRow term="Website">
                  {organization.website ? (
                    <a
                      href={organization.website}
                      rel="noopener noreferrer nofollow"
                      target="_blank"
                      className="font-medium break-all text-indigo-700 underline-offset-4 hover:underline"
                    >
                      {organization.website}
                      <span className="sr-only"> (opens in a new tab)</span>
                    </a>
                  ) : (
                    notSet
                  )}
                </DetailRow>
                <DetailRow term="Description">
                  {organization.description ? <p className="whitespace-pre-line">{organization.description}</p> : notSet}
                </DetailRow>
              </dl>
            </CardBody>
          )}
        </Card>

        {canManageSecurity ? (
          <Card aria-labelledby="two-factor-policy-heading">
            <CardHeader
              title="Two-factor sign-in"
              titleId="two-factor-policy-heading"
              description="Whether your members must confirm their sign-in with a second factor."
            />
            <CardBody>
              <TwoFactorPolicyForm action={setOrganizationTwoFactor} required={twoFactorRequired} who="members" />
            </CardBody>
          </Card>
        ) : null}

        {sso ? (
          <Card aria-labelledby="sso-heading">
            <CardHeader
              title="Single sign-on"
              titleId="sso-heading"
              description="Your company’s OpenID Connect provider. People of your verified domains sign in through it; new ones join as developers."
            />
            <CardBody>
              <OrganizationSsoForm save={saveOrganizationSso} claimDomain={startDomainVerification} sso={sso.sso} domains={sso.domains} />
            </CardBody>
          </Card>
        ) : null}

        <Card aria-labelledby="plan-heading">
          <CardHeader title="Plan and limits" titleId="plan-heading" description="Set by our team. Ask your contact there to change them." />
          <CardBody className="py-1">
            <dl className="divide-y divide-zinc-100">
              <DetailRow term="Slug">
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{organization.slug}</code>
              </DetailRow>
              <DetailRow term="Status">
                <PartnerStatusBadge status={organization.status} />
              </DetailRow>
              <DetailRow term="Support tier">{humanize(organization.supportTier)}</DetailRow>
              <DetailRow term="Rate limit per key">at most {formatNumber(organization.keyRateLimitPerMinute)} requests per minute</DetailRow>
              <DetailRow term="Monthly quota">{formatNumber(organization.monthlyQuota)} requests, shared by all keys</DetailRow>
              <DetailRow term="Created">
                <Time value={organization.createdAt} />
              </DetailRow>
            </dl>
          </CardBody>
        </Card>

        <MembersPanel overview={overview} />
      </div>
    </>
  );
}
