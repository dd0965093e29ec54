import 'server-only';
import { asc, desc, eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { memberships, partners, users, type PartnerRole, type PartnerStatus, type SupportTier } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';

export interface OrganizationProfile {
  id: string;
  name: string;
  slug: string;
  status: PartnerStatus;
  supportTier: SupportTier;
  defaultRateLimitPerMinute: number;
  defaultMonthlyQuota: number;
  primaryContactId: string | null;
  createdAt: Date;
  approvedAt: Date | null;
  suspendedAt: Date | null;
}

export interface OrganizationMember {
  userId: string;
  name: string;
  email: string;
  role: PartnerRole;
  joinedAt: Date;
  disabled: boolean;
}

export interface OrganizationOverview {
  organization: OrganizationProfile;
  members: OrganizationMember[];
}

/** The organization's id comes from the actor's membership, never from input. */
function ownPartnerId(actor: Actor): string {
  const partnerId = actor.membership?.partnerId;
  if (!partnerId) throw new NotFoundError('You are not a member of any organization.');
  return partnerId;
}

/** The actor's own organization profile (the dashboard card). */
export async function getOwnOrganization(db: Queryable, actor: Actor): Promise<OrganizationProfile> {
  const partnerId = ownPartnerId(actor);
  authorize(actor, 'partner.read', { partnerId });
  const [organization] = await db
    .select({
      id: partners.id,
      name: partners.name,
      slug: partners.slug,
      status: partners.status,
      supportTier: partners.supportTier,
      defaultRateLimitPerMinute: partners.defaultRateLimitPerMinute,
      defaultMonthlyQuota: partners.defaultMonthlyQuota,
      primaryContactId: partners.primaryContactId,
      createdAt: partners.createdAt,
      approvedAt: partners.approvedAt,
      suspendedAt: partners.suspendedAt,
    })
    .from(partners)
    .where(eq(partners.id, partnerId))
    .limit(1);
  if (!organization) throw new NotFoundError();
  return organization;
}

/** The actor's own organization with its members, read-only. */
export async function getOrganizationOverview(db: Queryable, actor: Actor): Promise<OrganizationOverview> {
  const partnerId = ownPartnerId(actor);
  authorize(actor, 'partner.read', { partnerId });
  authorize(actor, 'member.read', { partnerId });
  const [organization, members] = await Promise.all([
    getOwnOrganization(db, actor),
    db
      .select({
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
  ]);
  return {
    organization,
    members: members.map(({ disabledAt, ...m }) => ({ ...m, disabled: disabledAt !== null })),
  };
}
