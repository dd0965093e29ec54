import 'server-only';
import { and, asc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { memberships, partners, sessions, users, type ApiScope, type KeyEnvironment, type PartnerRole, type PartnerStatus, type StaffRole } from '@/db/schema';
import { SESSION_TOUCH_INTERVAL_MS, touchSession } from './sessions';

export interface ActorMembership {
  partnerId: string;
  partnerName: string;
  partnerSlug: string;
  partnerStatus: PartnerStatus;
  role: PartnerRole;
}

/** A person signed in to the portal. */
export interface UserActor {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  staffRole: StaffRole | null;
  /** The organization the user works in; null for staff and for users without one. */
  membership: ActorMembership | null;
}

/**
 * The most a key may ever do, fixed when it is made and kept through rotation: what its maker could do
 * at that moment. A key's own settings are at most this; a key it makes, or a key it rotates, must fit in
 * what the key itself may do (its settings within this ceiling).
 */
export interface KeyCeiling {
  /** Whose powers the ceiling copies. */
  origin: 'system' | 'staff' | 'partner_admin' | 'developer' | 'key';
  keyEnvironments: KeyEnvironment[];
  scopes: ApiScope[];
  /** Secret environments (slugs) it may ever read; null: every one its key environment allows. */
  secretEnvironments: string[] | null;
  /** Addresses and CIDR ranges it may ever be used from; null: anywhere. */
  ipAllowlist: string[] | null;
  /** Epoch ms it may not outlive; null: no bound. */
  expiresAt: number | null;
  /** Per-minute limit it may not exceed; null: the organization's ceiling. */
  rateLimitPerMinute: number | null;
  /** Monthly quota it may not exceed; null: the organization's quota. */
  monthlyQuota: number | null;
}

/** An API key calling `/api/v1`, built once per cached key record (never per request). */
export interface KeyActor {
  kind: 'key';
  keyId: string;
  tokenPrefix: string;
  partnerId: string;
  partnerStatus: PartnerStatus;
  environment: KeyEnvironment;
  scopes: ApiScope[];
  /** Secret environments it may pull, already narrowed by its ceiling; null: every one its environment allows. */
  secretEnvironments: string[] | null;
  ipAllowlist: string[];
  expiresAt: number | null;
  /** Effective limits: the key's own within the organization's ceilings. */
  rateLimitPerMinute: number;
  /** The key's own monthly quota; null: only the organization's applies. */
  monthlyQuota: number | null;
  organizationMonthlyQuota: number;
  /** Set when the key was rotated out: it may still call during its grace period, but not manage keys. */
  rotatedAt: number | null;
  ceiling: KeyCeiling;
}

/** Ops commands and background jobs (`keys:create`, seeding, master-key rotation); audited as such. */
export interface SystemActor {
  kind: 'system';
  label: string;
}

/** Who is acting: a person, an API key or the system. One policy (`policy.ts`) answers for all three. */
export type Actor = UserActor | KeyActor | SystemActor;

export function systemActor(label: string): SystemActor {
  return { kind: 'system', label };
}

/**
 * Reads the user and their membership fresh from the database, so that a role change,
 * a suspension or a disabled account takes effect on the very next request.
 * Returns null for an unknown or disabled user and, when a session is given, unless that session is the
 * user's, not revoked and not expired (checked in the same query; its expiry slides forward with use).
 */
export async function loadActor(db: Queryable, userId: string, session?: { sessionId: string }): Promise<UserActor | null> {
  const now = new Date();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, staffRole: users.staffRole, sessionLastSeenAt: sessions.lastSeenAt })
    .from(users)
    .leftJoin(sessions, and(eq(sessions.userId, users.id), eq(sessions.id, session?.sessionId ?? '')))
    .where(
      and(
        eq(users.id, userId),
        isNull(users.disabledAt),
        session ? and(isNotNull(sessions.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)) : undefined,
      ),
    )
    .limit(1);
  if (!user) return null;
  if (session && user.sessionLastSeenAt && now.getTime() - user.sessionLastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
    await touchSession(db, session.sessionId, now);
  }

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

/** The one role that decides what a person may do: staff role first, then the org role. */
export function actorRole(actor: UserActor): RoleName | null {
  return actor.staffRole ?? actor.membership?.role ?? null;
}
