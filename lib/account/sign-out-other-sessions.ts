import 'server-only';
import { z } from 'zod';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { revokeUserSessions } from '@/lib/auth/sessions';

export const signOutOtherSessionsInput = z.object({});

/** Ends every session of the user but the one asking (another browser, a forgotten laptop, a copied cookie). */
export const signOutOtherSessionsSpec: UserActionSpec<typeof signOutOtherSessionsInput, { revoked: number }> = {
  name: 'signOutOtherSessions',
  access: 'user',
  input: signOutOtherSessionsInput,
  policy: () => 'self',
  async run({ tx, actor, meta }) {
    return { revoked: await revokeUserSessions(tx, actor.userId, { exceptSessionId: meta.sessionId ?? null }) };
  },
  message: (r) => (r.revoked ? `Signed out of ${r.revoked} other session${r.revoked === 1 ? '' : 's'}.` : 'There were no other sessions.'),
  audit: (r, _input, actor) => ({
    action: 'user.sign_out_other_sessions',
    partnerId: actor.membership?.partnerId ?? null,
    targetType: 'user',
    targetId: actor.userId,
    metadata: { revoked: r.revoked },
  }),
};
