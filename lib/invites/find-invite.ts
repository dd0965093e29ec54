import 'server-only';
import { eq } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { invites, partners } from '@/db/schema';
import { InputError } from '@/lib/errors';
import { hashInviteToken } from './invite-token';

export type InviteRow = typeof invites.$inferSelect;
export type InviteProblem = 'unknown' | 'expired' | 'used' | 'revoked';

export const inviteProblemMessages: Record<InviteProblem, string> = {
  unknown: 'This invitation link is not valid. Check that you copied all of it, or ask for a new one.',
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
  used: 'This invitation has already been used. Sign in instead.',
  revoked: 'This invitation was withdrawn. Ask the person who invited you for a new one.',
};

export function inviteProblem(invite: InviteRow | undefined, now = new Date()): InviteProblem | null {
  if (!invite) return 'unknown';
  if (invite.acceptedAt) return 'used';
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt <= now) return 'expired';
  return null;
}

/** For the invitation page: who is invited where, or why the link no longer works. */
export async function lookUpInvite(
  token: string,
): Promise<{ ok: true; invite: InviteRow; partnerName: string } | { ok: false; problem: InviteProblem; message: string }> {
  const [row] = await db
    .select({ invite: invites, partnerName: partners.name })
    .from(invites)
    .innerJoin(partners, eq(partners.id, invites.partnerId))
    .where(eq(invites.tokenHash, hashInviteToken(token)))
    .limit(1);
  const problem = inviteProblem(row?.invite);
  if (problem) return { ok: false, problem, message: inviteProblemMessages[problem] };
  return { ok: true, invite: row!.invite, partnerName: row!.partnerName };
}

/** Locks a usable invite for accepting it, or throws the reason it cannot be used. */
export async function lockUsableInvite(tx: Transaction, token: string): Promise<InviteRow> {
  const [invite] = await tx
    .select()
    .from(invites)
    .where(eq(invites.tokenHash, hashInviteToken(token)))
    .for('update');
  const problem = inviteProblem(invite);
  if (problem) throw new InputError(inviteProblemMessages[problem]);
  return invite!;
}
