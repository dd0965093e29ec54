import 'server-only';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { memberships, users, type StaffRole } from '@/db/schema';
import { normalizeEmail } from '@/lib/auth/email';
import { hashPassword } from '@/lib/auth/password';
import { newId } from '@/lib/ids';
import { openSignInSession } from './open-session';
import { ssoRouteForEmail } from './organization-sso';
import { auditSignInFailure } from './sign-in-audit';

export type SsoRefusal = 'email_unverified' | 'domain_not_verified' | 'no_account' | 'disabled' | 'other_organization';

export type SsoSignInResult =
  { ok: true; user: { id: string; email: string; name: string }; sessionId: string; created: boolean } | { ok: false; reason: SsoRefusal };

export interface SsoIdentity {
  email: string;
  /** The provider's `email_verified`: an account is linked by a verified address only. */
  emailVerified: boolean;
  name: string | null;
}

/**
 * Where the identity comes from: the staff provider (its claims may make the person staff) or an
 * organization's own provider (its people join that organization just in time as developers).
 */
export type SsoSource = { kind: 'staff'; staffRole: StaffRole | null } | { kind: 'organization'; partnerId: string };

/**
 * Signs a person in with what an OIDC provider said about them: links to the account of the same address
 * (only when the provider verified it), creates one when the source allows, opens an `sso` session.
 */
export async function signInWithSso(
  db: Database,
  identity: SsoIdentity,
  source: SsoSource,
  meta: { ip: string | null; userAgent: string | null },
): Promise<SsoSignInResult> {
  const email = normalizeEmail(identity.email);
  const refuse = async (reason: SsoRefusal, userId?: string): Promise<SsoSignInResult> => {
    await auditSignInFailure(db, { email, reason: `sso_${reason}`, userId }, meta);
    return { ok: false, reason };
  };
  if (!identity.emailVerified) return refuse('email_unverified');
  // An organization's provider speaks only for the domains that organization verified: otherwise it could
  // assert anybody's address and take their account.
  if (source.kind === 'organization' && (await ssoRouteForEmail(db, email))?.partnerId !== source.partnerId) return refuse('domain_not_verified');

  type Outcome = { refusal: SsoRefusal; userId?: string } | { refusal?: undefined; user: { id: string; email: string; name: string }; created: boolean };
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const [existing] = await tx
      .select({ id: users.id, email: users.email, name: users.name, disabledAt: users.disabledAt, staffRole: users.staffRole })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email))
      .for('update');
    if (existing?.disabledAt) return { refusal: 'disabled', userId: existing.id };

    if (source.kind === 'staff') {
      if (!existing) {
        // Only staff are made here: a partner user comes in by invitation or sign-up first.
        if (!source.staffRole) return { refusal: 'no_account' };
        const id = await createSsoUser(tx, email, identity.name, source.staffRole);
        return { user: { id, email, name: identity.name || email }, created: true };
      }
      // The provider is the source of truth for staff roles: promoted, changed or (no claim) left as is.
      if (source.staffRole && source.staffRole !== existing.staffRole)
        await tx.update(users).set({ staffRole: source.staffRole }).where(eq(users.id, existing.id));
      return { user: existing, created: false };
    }

    if (!existing) {
      const id = await createSsoUser(tx, email, identity.name, null);
      await tx.insert(memberships).values({ id: newId('mem'), partnerId: source.partnerId, userId: id, role: 'developer' });
      return { user: { id, email, name: identity.name || email }, created: true };
    }
    const mine = await tx.select({ partnerId: memberships.partnerId }).from(memberships).where(eq(memberships.userId, existing.id));
    if (!mine.some((m) => m.partnerId === source.partnerId)) {
      // An account of another organization (or staff) is not taken over by this organization's provider.
      if (mine.length > 0 || existing.staffRole) return { refusal: 'other_organization', userId: existing.id };
      await tx.insert(memberships).values({ id: newId('mem'), partnerId: source.partnerId, userId: existing.id, role: 'developer' });
    }
    return { user: existing, created: false };
  });
  if (outcome.refusal) return refuse(outcome.refusal, outcome.userId);

  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, outcome.user.id));
  const sessionId = await openSignInSession(db, outcome.user, { method: 'sso', ip: meta.ip, userAgent: meta.userAgent });
  return { ok: true, user: { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name }, sessionId, created: outcome.created };
}

async function createSsoUser(
  tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  email: string,
  name: string | null,
  staffRole: StaffRole | null,
): Promise<string> {
  const id = newId('usr');
  // No password of its own: a random one nobody knows (a reset, when offered, would set one).
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  await tx.insert(users).values({ id, email, name: name?.trim().slice(0, 100) || email, passwordHash, staffRole });
  return id;
}
