import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { users } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { InputError, NotFoundError } from '@/lib/errors';

export const setUserDisabledInput = z.object({
  userId: storableText().min(1).max(64),
  disabled: z.enum(['true', 'false']).transform((v) => v === 'true'),
});

/** Effective at once: every request reads the user afresh, a disabled user has no actor, and their sessions are revoked. */
export const setUserDisabledSpec: UserActionSpec<typeof setUserDisabledInput, { userId: string; email: string; disabled: boolean }> = {
  name: 'setUserDisabled',
  access: 'user',
  input: setUserDisabledInput,
  policy: () => ({ action: 'user.manage', resource: { partnerId: null } }),
  async run({ input, tx, actor }) {
    if (input.userId === actor.userId) throw new InputError('You cannot disable your own account.');
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
    if (!user) throw new NotFoundError('That user does not exist.');
    if (Boolean(user.disabledAt) === input.disabled) throw new InputError(`${user.email} is already ${input.disabled ? 'disabled' : 'enabled'}.`);
    await tx
      .update(users)
      .set({ disabledAt: input.disabled ? new Date() : null })
      .where(eq(users.id, user.id));
    // Signed out everywhere: enabling the account again does not bring its old sessions back.
    if (input.disabled) await revokeUserSessions(tx, user.id);
    return { userId: user.id, email: user.email, disabled: input.disabled };
  },
  message: (r) => (r.disabled ? `${r.email} is disabled and signed out everywhere.` : `${r.email} can sign in again.`),
  audit: (r) => ({
    action: r.disabled ? 'user.disable' : 'user.enable',
    partnerId: null,
    targetType: 'user',
    targetId: r.userId,
    metadata: { email: r.email },
  }),
};
