import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import type { Transaction } from '@/db';
import type { AfterCommit } from '@/db/with-transaction';
import { invites, memberships, partnerRoles, partners, users, type PartnerRole } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { AuditEntry } from '@/lib/audit/write-audit-log';
import { emailAddressField } from '@/lib/auth/email';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { fieldError, NotFoundError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { sendMailInBackground } from '@/lib/mail/send-mail';
import { INVITE_TTL_MS, inviteLink, newInviteToken } from './invite-token';

export const createInviteInput = z.object({
  partnerId: z.preprocess((v) => (v === '' ? undefined : v), storableText().max(64).optional()),
  email: emailAddressField('Enter the email address to invite'),
  role: z.enum(partnerRoles, { error: 'Choose partner_admin or developer' }),
});

export interface IssuedInvite {
  inviteId: string;
  partnerId: string;
  partnerName: string;
  email: string;
  role: PartnerRole;
  link: string;
  expiresAt: Date;
}

/**
 * A single-use link that expires in 7 days. An earlier open invite for the same email is revoked.
 * The link is returned (to show the inviter once) and mailed after the commit.
 */
export async function issueInvite(
  tx: Transaction,
  afterCommit: AfterCommit,
  params: { partnerId: string; email: string; role: PartnerRole; invitedById: string | null; origin?: string | null },
): Promise<IssuedInvite> {
  const [partner] = await tx.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.id, params.partnerId));
  if (!partner) throw new NotFoundError('That organization does not exist.');
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.partnerId, partner.id), eq(sql`lower(${users.email})`, params.email)));
  if (member) throw fieldError('email', `${params.email} is already a member of ${partner.name}`);

  await tx
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.partnerId, partner.id), eq(invites.email, params.email), isNull(invites.acceptedAt), isNull(invites.revokedAt)));
  const { token, hash } = newInviteToken();
  const id = newId('inv');
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  await tx
    .insert(invites)
    .values({ id, partnerId: partner.id, email: params.email, role: params.role, tokenHash: hash, invitedById: params.invitedById, expiresAt });
  const link = inviteLink(params.origin, token);
  afterCommit(() =>
    sendMailInBackground({
      to: params.email,
      subject: `You are invited to ${partner.name} on the Partner Portal`,
      text: `You have been invited to join ${partner.name} as ${params.role === 'partner_admin' ? 'an administrator' : 'a developer'}.\n\nAccept the invitation (valid for 7 days, once):\n${link}\n`,
    }),
  );
  return { inviteId: id, partnerId: partner.id, partnerName: partner.name, email: params.email, role: params.role, link, expiresAt };
}

/** What the trail says about an invite: never its token. */
export function inviteAudit(invite: IssuedInvite): AuditEntry {
  return {
    action: 'member.invite',
    partnerId: invite.partnerId,
    targetType: 'invite',
    targetId: invite.inviteId,
    metadata: { email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() },
  };
}

export const createInviteSpec: UserActionSpec<typeof createInviteInput, IssuedInvite, { link: string; email: string; expiresAt: string }> = {
  name: 'createInvite',
  access: 'user',
  input: createInviteInput,
  policy: (input, actor) => ({ action: 'member.manage', resource: { partnerId: targetPartnerId(actor, input) } }),
  run: ({ input, tx, actor, afterCommit, meta }) =>
    issueInvite(tx, afterCommit, {
      partnerId: targetPartnerId(actor, input),
      email: input.email,
      role: input.role,
      invitedById: actor.userId,
      origin: meta.origin,
    }),
  message: (r) => `Invitation for ${r.email} created. Copy the link below${process.env.SMTP_URL ? '; it was also emailed' : ''}.`,
  data: (r) => ({ link: r.link, email: r.email, expiresAt: r.expiresAt.toISOString() }),
  audit: (r) => inviteAudit(r),
};
