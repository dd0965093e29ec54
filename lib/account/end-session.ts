import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { sessions } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { NotFoundError } from '@/lib/errors';
import { storableText } from '@/lib/validation/storable';

export const endSessionInput = z.object({ sessionId: storableText().min(1).max(64) });

/** Ends one of the user's own sessions (another browser, a lost laptop): its next request is refused. */
export const endSessionSpec: UserActionSpec<typeof endSessionInput, { sessionId: string; current: boolean }> = {
  name: 'endSession',
  access: 'user',
  input: endSessionInput,
  policy: () => 'self',
  async run({ input, tx, actor, meta }) {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    // Someone else's session, or one already over, is not there for this user.
    if (ended.length === 0) throw new NotFoundError('That session has already ended.');
    return { sessionId: input.sessionId, current: input.sessionId === meta.sessionId };
  },
  message: (r) => (r.current ? 'This session has ended.' : 'The session has ended. Its next request will be refused.'),
  audit: (r, _input, actor) => ({
    action: 'session.end',
    partnerId: actor.membership?.partnerId ?? null,
    targetType: 'session',
    targetId: r.sessionId,
    metadata: { userId: actor.userId, current: r.current },
  }),
};
