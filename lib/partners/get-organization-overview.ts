import 'server-only';
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import { db } from '@/db';
import { invites, memberships, partners, users, type PartnerRole, type PartnerStatus, type SupportTier } from '@/db/schema';
import { authorize, can } from '@/lib/auth/policy';
import { tenantOrganization, type Tenant } from '@/lib/auth/tenant';
import { getOnboardingChecklist, type OnboardingChecklist } from '@/lib/onboarding/onboarding-checklist';
import { NotFoundError } from '@/lib/errors';

export interface OrganizationProfile {
  id: string;
  name: string;
  slug: string;
  status: PartnerStatus;
  supportTier: SupportTier;
  keyRateLimitPerMinute: number;
  monthlyQuota: number;
  primaryContactId: string | null;
  website: string | null;
  description: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  suspendedAt: Date | null;
}

export interface OrganizationMember {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: PartnerRole;
  joinedAt: Date;
  disabled: boolean;
}

export interface OpenInvite {
  id: string;
  email: string;
  role: PartnerRole;
  expiresAt: Date;
  createdAt: Date;
}

export interface OrganizationOverview {
  organization: OrganizationProfile;
  members: OrganizationMember[];
  /** Open invitations; only for those who may manage members. */
  invites: OpenInvite[];
  checklist: OnboardingChecklist;
  /** What the viewer may do here, for the buttons; the server asks the policy again on submit. */
  can: { updateProfile: boolean; manageMembers: boolean; changeSettings: boolean; suspend: boolean };
}

const profileColumns = {
  id: partners.id,
  name: partners.name,
  slug: partners.slug,
  status: partners.status,
  supportTier: partners.supportTier,
  keyRateLimitPerMinute: partners.keyRateLimitPerMinute,
  monthlyQuota: partners.monthlyQuota,
  primaryContactId: partners.primaryContactId,
  website: partners.website,
  description: partners.description,
  createdAt: partners.createdAt,
  approvedAt: partners.approvedAt,
  suspendedAt: partners.suspendedAt,
};

/** The tenant's organization profile (the dashboard card); the id comes from the tenant, never from input. */
export async function getOwnOrganization(tenant: Tenant): Promise<OrganizationProfile> {
  const partnerId = tenantOrganization(tenant, 'partner.read');
  const [organization] = await db.select(profileColumns).from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!organization) throw new NotFoundError();
  return organization;
}

/**
 * The tenant's organization (a partner user's own, the one staff chose) with its members, invitations
 * and onboarding progress; an unknown one is a 404.
 */
export async function getOrganizationOverview(tenant: Tenant): Promise<OrganizationOverview> {
  const { actor } = tenant;
  const partnerId = tenantOrganization(tenant, 'partner.read');
  authorize(actor, 'member.read', { partnerId });
  const manageMembers = can(actor, 'member.manage', { partnerId });
  const [[organization], members, openInvites, checklist] = await Promise.all([
    db.select(profileColumns).from(partners).where(eq(partners.id, partnerId)),
    db
      .select({
        membershipId: memberships.id,
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
        disabledAt: users.disabledAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.partnerId, partnerId))
      // partner_admin sorts before developer.
      .orderBy(desc(memberships.role), asc(users.name), asc(users.id)),
    manageMembers
      ? db
          .select({ id: invites.id, email: invites.email, role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
          .from(invites)
          .where(and(eq(invites.partnerId, partnerId), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
          .orderBy(desc(invites.createdAt))
      : Promise.resolve([]),
    getOnboardingChecklist(tenant),
  ]);
  if (!organization) throw new NotFoundError();
  return {
    organization,
    members: members.map(({ disabledAt, ...m }) => ({ ...m, disabled: disabledAt !== null })),
    invites: openInvites,
    checklist,
    can: {
      updateProfile: can(actor, 'partner.update', { partnerId }),
      manageMembers,
      changeSettings: can(actor, 'partner.suspend', { partnerId }),
      suspend: can(actor, 'partner.suspend', { partnerId }),
    },
  };
}
