import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { NotFoundError } from '@/lib/errors';
import { storableText } from '@/lib/validation/storable';

export const endUserSessionsInput = z.object({ userId: storableText().min(1).max(64) });

/** Staff: signs a user out everywhere (a stolen laptop, a leaving employee) without disabling the account. */
export const endUserSessionsSpec: UserActionSpec<typeof endUserSessionsInput, { userId: string; email: string; ended: number }> = {
  name: 'endUserSessions',
  access: 'user',
  input: endUserSessionsInput,
  policy: () => ({ action: 'user.manage', resource: { partnerId: null } }),
  async run({ input, tx, actor, meta }) {
    const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new NotFoundError('That user does not exist.');
    // On one's own account, the session asking goes on.
    const ended = await revokeUserSessions(tx, user.id, { exceptSessionId: user.id === actor.userId ? meta.sessionId : null });
    return { userId: user.id, email: user.email, ended };
  },
  message: (r) => (r.ended ? `${r.email} is signed out of ${r.ended} session${r.ended === 1 ? '' : 's'}.` : `${r.email} had no open sessions.`),
  audit: (r) => ({ action: 'user.sessions_end', partnerId: null, targetType: 'user', targetId: r.userId, metadata: { email: r.email, ended: r.ended } }),
};
