import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db as defaultDb, type Queryable } from '@/db';
import { memberships, partners, sessions, type PartnerRole, type PartnerStatus } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { UserActor } from '@/lib/auth/actor';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { storableText } from '@/lib/validation/storable';

export interface OrganizationMembership {
  partnerId: string;
  name: string;
  status: PartnerStatus;
  role: PartnerRole;
}

/** The organizations a person belongs to, oldest membership first (the switcher's list). */
export function listMyOrganizations(db: Queryable, userId: string): Promise<OrganizationMembership[]> {
  return db
    .select({ partnerId: partners.id, name: partners.name, status: partners.status, role: memberships.role })
    .from(memberships)
    .innerJoin(partners, eq(partners.id, memberships.partnerId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}

/** What the header's switcher lists: the person's organizations when there are two or more (staff: none). */
export async function organizationsToSwitch(actor: UserActor, db: Queryable = defaultDb): Promise<OrganizationMembership[]> {
  if (actor.staffRole) return [];
  const mine = await listMyOrganizations(db, actor.userId);
  return mine.length > 1 ? mine : [];
}

export const switchOrganizationInput = z.object({ partnerId: storableText().min(1).max(64) });

interface Switched {
  sessionId: string;
  from: string | null;
  to: string;
  name: string;
  role: PartnerRole;
}

/**
 * Makes one of the user's organizations the one this session works in (the header's switcher). Kept on
 * the session row, so other browsers keep theirs; the actor load honours it only while the membership
 * exists, and takes the role from it. An organization the user is not a member of is not there (404).
 */
export const switchOrganizationSpec: UserActionSpec<typeof switchOrganizationInput, Switched> = {
  name: 'switchOrganization',
  access: 'user',
  input: switchOrganizationInput,
  policy: () => 'self',
  async run({ input, tx, actor, meta }) {
    if (!meta.sessionId) throw new UnauthenticatedError('Your session has ended. Please sign in again.');
    const [membership] = await tx
      .select({ name: partners.name, role: memberships.role })
      .from(memberships)
      .innerJoin(partners, eq(partners.id, memberships.partnerId))
      .where(and(eq(memberships.userId, actor.userId), eq(memberships.partnerId, input.partnerId)))
      .limit(1);
    if (!membership) throw new NotFoundError('That organization was not found.');
    const updated = await tx
      .update(sessions)
      .set({ activePartnerId: input.partnerId })
      .where(and(eq(sessions.id, meta.sessionId), eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    if (updated.length === 0) throw new UnauthenticatedError('Your session has ended. Please sign in again.');
    return { sessionId: meta.sessionId, from: actor.membership?.partnerId ?? null, to: input.partnerId, name: membership.name, role: membership.role };
  },
  message: (r) => `Switched to ${r.name}.`,
  audit: (r, _input, actor) => ({
    action: 'session.switch_organization',
    partnerId: r.to,
    targetType: 'session',
    targetId: r.sessionId,
    metadata: { userId: actor.userId, from: r.from, to: r.to, role: r.role },
  }),
};
