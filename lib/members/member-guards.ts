import 'server-only';
import { eq } from 'drizzle-orm';
import type { Transaction } from '@/db';
import { memberships, partners, users } from '@/db/schema';
import type { PolicyAction, PolicyResource } from '@/lib/auth/policy';
import { InputError, NotFoundError } from '@/lib/errors';

export type MembershipRow = typeof memberships.$inferSelect;

/** The policy question for a change to a membership: its organization comes from the row. */
export async function membershipPolicy(tx: Transaction, membershipId: string): Promise<{ action: PolicyAction; resource: PolicyResource }> {
  const [row] = await tx.select({ partnerId: memberships.partnerId }).from(memberships).where(eq(memberships.id, membershipId));
  if (!row) throw new NotFoundError('That member does not exist.');
  return { action: 'member.manage', resource: { partnerId: row.partnerId } };
}

/**
 * Locks every membership of the organization (two admins demoting each other at once must not both
 * succeed) and returns the one asked for, with the member's email.
 */
export async function lockMembership(tx: Transaction, membershipId: string) {
  const [target] = await tx.select().from(memberships).where(eq(memberships.id, membershipId));
  if (!target) throw new NotFoundError('That member does not exist.');
  const all = await tx.select().from(memberships).where(eq(memberships.partnerId, target.partnerId)).for('update');
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, target.userId));
  const [partner] = await tx
    .select({ primaryContactId: partners.primaryContactId, name: partners.name })
    .from(partners)
    .where(eq(partners.id, target.partnerId));
  return { membership: all.find((m) => m.id === membershipId)!, all, email: user?.email ?? '', partner: partner! };
}

/** An organization always keeps at least one partner_admin. */
export function assertNotLastAdmin(all: MembershipRow[], leaving: MembershipRow, verb: string): void {
  const admins = all.filter((m) => m.role === 'partner_admin');
  if (leaving.role === 'partner_admin' && admins.length <= 1) {
    throw new InputError(`The last partner admin cannot be ${verb}: make another member a partner admin first.`);
  }
}
