import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { newPasswordField } from '@/lib/auth/email';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { fieldError } from '@/lib/errors';

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(200),
    newPassword: newPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Choose a password different from the current one' });

export const changePasswordSpec: UserActionSpec<typeof changePasswordInput, { email: string }> = {
  name: 'changePassword',
  access: 'user',
  input: changePasswordInput,
  policy: () => 'self',
  async run({ input, tx, actor, meta }) {
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw fieldError('currentPassword', 'That is not your current password');
    }
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() })
      .where(eq(users.id, actor.userId));
    // Every other session ends now; the one that changed the password goes on.
    await revokeUserSessions(tx, actor.userId, { exceptSessionId: meta.sessionId ?? null });
    return { email: actor.email };
  },
  message: 'Your password was changed. Your other sessions were signed out.',
  audit: (_result, _input, actor) => ({
    action: 'user.change_password',
    partnerId: actor.membership?.partnerId ?? null,
    targetType: 'user',
    targetId: actor.userId,
  }),
};
