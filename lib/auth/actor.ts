import 'server-only';
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { memberships, partners, sessions, users, type ApiScope, type KeyEnvironment, type PartnerRole, type PartnerStatus, type StaffRole } from '@/db/schema';
import { mustUseTwoFactor, twoFactorColumns } from '@/lib/identity/two-factor-policy';
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
  /**
   * Whether the user has a second factor and when this session last had one given (sign-in or a step-up);
   * absent for actors built without a session (tests, scripts): they count as never having given one.
   */
  secondFactor?: { enrolled: boolean; verifiedAt: Date | null; passkey?: boolean };
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
 * Where a session stands: `ok`, or stopped before the portal: the second factor is still to be given
 * (`second_factor`), or the user must use two-factor and has none yet (`enrol`). Only `ok` has an actor.
 */
export type SessionGate = 'ok' | 'second_factor' | 'enrol';

/**
 * Reads the user and their membership fresh from the database, so that a role change,
 * a suspension or a disabled account takes effect on the very next request.
 * Returns null for an unknown or disabled user and, when a session is given, unless that session is the
 * user's, not revoked and not expired (checked in the same query; its expiry slides forward with use),
 * and past its second-factor step and the enrolment its user's policy requires (see `loadSessionActor`).
 */
export async function loadActor(db: Queryable, userId: string, session?: { sessionId: string }): Promise<UserActor | null> {
  const loaded = await loadSessionActor(db, userId, session);
  return loaded?.gate === 'ok' ? loaded.actor : null;
}

/** `loadActor` with the gate of the session: the pages send a stopped session to its step (lib/auth/session.ts). */
export async function loadSessionActor(
  db: Queryable,
  userId: string,
  session?: { sessionId: string },
): Promise<{ actor: UserActor; gate: SessionGate } | null> {
  const now = new Date();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      staffRole: users.staffRole,
      sessionLastSeenAt: sessions.lastSeenAt,
      sessionStage: sessions.stage,
      secondFactorAt: sessions.secondFactorAt,
      activePartnerId: sessions.activePartnerId,
      ...twoFactorColumns(),
    })
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
  const hasSecondFactor = Boolean(user.hasSecondFactor);
  let gate: SessionGate = 'ok';
  if (session && user.sessionStage === 'second_factor') gate = 'second_factor';
  else if (session && !hasSecondFactor && mustUseTwoFactor({ ...user, organizationRequires: Boolean(user.organizationRequires) })) gate = 'enrol';

  // A user normally belongs to one organization; with several, the one this session switched to (while
  // still a member of it: the choice is matched against the memberships here, on every load), else the oldest.
  const active = user.activePartnerId ?? null;
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
    .orderBy(...(active ? [sql`${memberships.partnerId} = ${active} desc`] : []), asc(memberships.createdAt), asc(memberships.id))
    .limit(1);

  const actor: UserActor = {
    kind: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    staffRole: user.staffRole,
    membership: membership ?? null,
    secondFactor: { enrolled: hasSecondFactor, verifiedAt: session ? user.secondFactorAt : null, passkey: Boolean(user.hasPasskey) },
  };
  return { actor, gate };
}

export type RoleName = StaffRole | PartnerRole;

/** The one role that decides what a person may do: staff role first, then the org role. */
export function actorRole(actor: UserActor): RoleName | null {
  return actor.staffRole ?? actor.membership?.role ?? null;
}
