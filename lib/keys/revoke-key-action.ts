import 'server-only';
import { z } from 'zod';
import type { ActorActionSpec } from '@/lib/actions/action-spec';
import { InputError, NotFoundError } from '@/lib/errors';
import { keyWritePolicy } from './find-key';
import { lockKey, revokeApiKey, type ApiKeyRow } from './manage-keys';

export const revokeKeyInput = z.object({ keyId: z.string().min(1).max(64) });

export const revokeKeySpec: ActorActionSpec<typeof revokeKeyInput, ApiKeyRow> = {
  name: 'revokeKey',
  access: 'actor',
  input: revokeKeyInput,
  policy: (input, _actor, tx) => keyWritePolicy(tx, input.keyId),
  async run({ input, tx, afterCommit }) {
    const key = await lockKey(tx, input.keyId);
    if (!key) throw new NotFoundError('That API key does not exist.');
    if (key.revokedAt) throw new InputError('This key is already revoked.');
    return revokeApiKey(tx, afterCommit, key);
  },
  message: (key) => `Key “${key.keyName}” is revoked. Requests with it are refused from now on.`,
  audit: (key) => ({
    action: 'key.revoke',
    partnerId: key.partnerId,
    targetType: 'api_key',
    targetId: key.id,
    metadata: { name: key.keyName, prefix: key.tokenPrefix },
  }),
};
