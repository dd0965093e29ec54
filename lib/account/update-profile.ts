import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { users } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';

export const updateProfileInput = z.object({
  name: storableText().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters'),
});

export const updateProfileSpec: UserActionSpec<typeof updateProfileInput, { name: string }> = {
  name: 'updateProfile',
  access: 'user',
  input: updateProfileInput,
  policy: () => 'self',
  async run({ input, tx, actor }) {
    await tx.update(users).set({ name: input.name }).where(eq(users.id, actor.userId));
    return { name: input.name };
  },
  message: 'Your name was saved.',
  audit: (result, _input, actor) => ({
    action: 'user.update_profile',
    partnerId: actor.membership?.partnerId ?? null,
    targetType: 'user',
    targetId: actor.userId,
    metadata: { name: result.name },
  }),
};
