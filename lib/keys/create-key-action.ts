import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { partners } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { fieldError } from '@/lib/errors';
import { createKeyInput } from './key-input';
import { createApiKey, keyAuditMetadata, type ApiKeyRow } from './manage-keys';

export const createKeyActionInput = createKeyInput.extend({
  // Only staff choose the organization; a partner user's keys always belong to their own.
  partnerId: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64).optional()),
});

export const createKeySpec: UserActionSpec<typeof createKeyActionInput, { key: ApiKeyRow; secret: string }> = {
  name: 'createKey',
  access: 'user',
  input: createKeyActionInput,
  policy: (input, actor) => ({
    action: 'key.write',
    resource: { partnerId: targetPartnerId(actor, input), keyEnvironment: input.environment },
  }),
  async run({ input, tx, actor }) {
    // keys:verify lets a service check other partners' keys: only staff may hand it out.
    if (input.scopes.includes('keys:verify') && actor.staffRole !== 'admin') {
      throw fieldError('scopes', 'Only staff can issue keys with the keys:verify scope');
    }
    const partnerId = targetPartnerId(actor, input);
    const [partner] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
    if (!partner) throw fieldError('partnerId', 'That organization does not exist');
    return createApiKey(tx, partnerId, input, { userId: actor.userId });
  },
  message: (r) => `Key “${r.key.keyName}” created. Copy it now: it will not be shown again.`,
  // The one place the secret leaves the server: the creation dialog.
  data: (r) => ({ secret: r.secret, keyId: r.key.id, prefix: r.key.tokenPrefix }),
  audit: ({ key }) => ({ action: 'key.create', partnerId: key.partnerId, targetType: 'api_key', targetId: key.id, metadata: keyAuditMetadata(key) }),
};
