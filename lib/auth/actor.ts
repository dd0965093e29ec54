import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { memberships, partners, users, type PartnerRole, type PartnerStatus, type StaffRole } from '@/db/schema';

export interface ActorMembership {
  partnerId: string;
  partnerName: string;
  partnerSlug: string;
  partnerStatus: PartnerStatus;
  role: PartnerRole;
}

/** Who is acting. Later kinds (API keys) join this union. */
export interface UserActor {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  staffRole: StaffRole | null;
  /** The organization the user works in; null for staff and for users without one. */
  membership: ActorMembership | null;
}

export type Actor = UserActor;

/**
 * Reads the user and their membership fresh from the database, so that a role change,
 * a suspension or a disabled account takes effect on the very next request.
 * Returns null for an unknown or disabled user, and for a session signed in before the password changed.
 */
export async function loadActor(db: Queryable, userId: string, session?: { signedInAt: number }): Promise<UserActor | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, staffRole: users.staffRole, passwordChangedAt: users.passwordChangedAt })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
  if (!user) return null;
  // A session from before the last password change is over (the one that changed it was renewed).
  if (session && user.passwordChangedAt && user.passwordChangedAt.getTime() > session.signedInAt) return null;

  // A user normally belongs to one organization; with several, the oldest membership is the working one.
  const [membership] = await db
    .select({
      partnerId: partners.id,
      partnerName: partners.name,
      partnerSlug: partners.slug,
      partnerStatus: partners.status,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(partners, eq(partners.id, memberships.partnerId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .limit(1);

  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    staffRole: user.staffRole,
    membership: membership ?? null,
  };
}

export type RoleName = StaffRole | PartnerRole;

/** The one role that decides what the actor may do: staff role first, then the org role. */
export function actorRole(actor: Actor): RoleName | null {
  return actor.staffRole ?? actor.membership?.role ?? null;
}
