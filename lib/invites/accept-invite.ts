import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import type { Transaction } from '@/db';
import { invites, memberships, partners, users } from '@/db/schema';
import type { PublicActionSpec, UserActionSpec } from '@/lib/actions/action-spec';
import { isUniqueViolation } from '@/lib/actions/execute-action';
import type { AuditEntry } from '@/lib/audit/write-audit-log';
import { newPasswordField } from '@/lib/auth/email';
import { hashPassword } from '@/lib/auth/password';
import { fieldError, InputError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { closeSignUpRequests, lockEmail } from '@/lib/onboarding/sign-up';
import { lockUsableInvite, type InviteRow } from './find-invite';

const tokenField = storableText().min(10).max(100);

interface Joined {
  invite: InviteRow;
  userId: string;
  email: string;
}

/** Makes the membership, spends the invite, and makes the first partner_admin the primary contact. */
async function join(tx: Transaction, invite: InviteRow, userId: string): Promise<void> {
  const [existing] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.partnerId, invite.partnerId), eq(memberships.userId, userId)));
  if (existing) throw new InputError('You are already a member of this organization.');
  await tx.insert(memberships).values({ id: newId('mem'), partnerId: invite.partnerId, userId, role: invite.role });
  await tx.update(invites).set({ acceptedAt: new Date() }).where(eq(invites.id, invite.id));
  if (invite.role === 'partner_admin') {
    await tx
      .update(partners)
      .set({ primaryContactId: userId })
      .where(and(eq(partners.id, invite.partnerId), isNull(partners.primaryContactId)));
  }
}

const joinAudit = (r: Joined): AuditEntry => ({
  action: 'member.join',
  partnerId: r.invite.partnerId,
  targetType: 'user',
  targetId: r.userId,
  metadata: { email: r.email, role: r.invite.role, inviteId: r.invite.id },
});

export const acceptInviteInput = z.object({ token: tokenField });

/** A signed-in user accepts an invitation addressed to their email. */
export const acceptInviteSpec: UserActionSpec<typeof acceptInviteInput, Joined> = {
  name: 'acceptInvite',
  access: 'user',
  input: acceptInviteInput,
  policy: () => 'self',
  async run({ input, tx, actor }) {
    const invite = await lockUsableInvite(tx, input.token);
    // A leaked link is of no use to another account.
    if (invite.email !== actor.email.toLowerCase()) {
      throw new InputError(`This invitation is for ${invite.email}. Sign in with that email to accept it.`);
    }
    await join(tx, invite, actor.userId);
    return { invite, userId: actor.userId, email: actor.email };
  },
  message: 'Welcome aboard.',
  audit: joinAudit,
};

export const signUpWithInviteInput = z.object({
  token: tokenField,
  name: storableText().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters'),
  password: newPasswordField,
});

/**
 * A newcomer accepts by creating an account for the invited email; no organization of their own is made.
 * The link proves the address: the account is verified, and sign-ups for the address still waiting for
 * confirmation (someone who tried to take it first, without its mailbox) are closed.
 */
export const signUpWithInviteSpec: PublicActionSpec<typeof signUpWithInviteInput, Joined> = {
  name: 'signUpWithInvite',
  access: 'public',
  input: signUpWithInviteInput,
  async run({ input, tx }) {
    const invite = await lockUsableInvite(tx, input.token);
    await lockEmail(tx, invite.email);
    const userId = newId('usr');
    try {
      await tx.insert(users).values({ id: userId, email: invite.email, name: input.name, passwordHash: await hashPassword(input.password) });
    } catch (error) {
      if (isUniqueViolation(error)) throw fieldError('email', `An account with ${invite.email} already exists. Sign in to accept the invitation.`);
      throw error;
    }
    await closeSignUpRequests(tx, invite.email);
    await join(tx, invite, userId);
    return { invite, userId, email: invite.email };
  },
  audit: joinAudit,
  auditActor: (r) => ({ kind: 'new_user', userId: r.userId, email: r.email }),
};
