import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { invites } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { InputError, NotFoundError } from '@/lib/errors';

export const revokeInviteInput = z.object({ inviteId: storableText().min(1).max(64) });

export const revokeInviteSpec: UserActionSpec<typeof revokeInviteInput, typeof invites.$inferSelect> = {
  name: 'revokeInvite',
  access: 'user',
  input: revokeInviteInput,
  async policy(input, _actor, tx) {
    const [invite] = await tx.select({ partnerId: invites.partnerId }).from(invites).where(eq(invites.id, input.inviteId));
    if (!invite) throw new NotFoundError();
    return { action: 'member.manage', resource: { partnerId: invite.partnerId } };
  },
  async run({ input, tx }) {
    const [invite] = await tx.select().from(invites).where(eq(invites.id, input.inviteId)).for('update');
    if (!invite) throw new NotFoundError();
    if (invite.acceptedAt || invite.revokedAt) throw new InputError('This invitation is no longer open.');
    const [revoked] = await tx.update(invites).set({ revokedAt: new Date() }).where(eq(invites.id, invite.id)).returning();
    return revoked!;
  },
  message: (r) => `The invitation for ${r.email} was withdrawn.`,
  audit: (r) => ({ action: 'member.invite_revoke', partnerId: r.partnerId, targetType: 'invite', targetId: r.id, metadata: { email: r.email } }),
};
