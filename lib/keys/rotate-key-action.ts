import 'server-only';
import { z } from 'zod';
import type { ActorActionSpec } from '@/lib/actions/action-spec';
import { InputError, NotFoundError } from '@/lib/errors';
import { keyWritePolicy } from './find-key';
import { rotationGraceField, type RotationGrace } from './key-input';
import { isKeyUsable, keyCreatorOf, lockKey, rotateApiKey, type ApiKeyRow } from './manage-keys';

const utc = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const formatUtc = (d: Date) => `${utc.format(d)} UTC`;

export const rotateKeyInput = z.object({ keyId: z.string().min(1).max(64), grace: rotationGraceField });

export interface RotationResult {
  old: ApiKeyRow;
  key: ApiKeyRow;
  secret: string;
  oldKeyExpiresAt: Date;
  grace: RotationGrace;
}

export interface RotatedKeyData {
  secret: string;
  keyId: string;
  prefix: string;
  oldKeyExpiresAt: string;
  grace: RotationGrace;
}

export const rotateKeySpec: ActorActionSpec<typeof rotateKeyInput, RotationResult, RotatedKeyData> = {
  name: 'rotateKey',
  access: 'actor',
  input: rotateKeyInput,
  policy: (input, _actor, tx) => keyWritePolicy(tx, input.keyId),
  async run({ input, tx, actor, afterCommit }) {
    const old = await lockKey(tx, input.keyId);
    if (!old) throw new NotFoundError('That API key does not exist.');
    if (!isKeyUsable(old)) throw new InputError('Only a working key can be rotated: this one is revoked or expired.');
    const rotated = await rotateApiKey(tx, afterCommit, old, input.grace, keyCreatorOf(actor));
    return { old, ...rotated, grace: input.grace };
  },
  message: (r) =>
    `New key created. The old key ${r.grace === 'now' ? 'no longer works' : `keeps working until ${formatUtc(r.oldKeyExpiresAt)}`}. Copy the new key now: it will not be shown again.`,
  data: (r) => ({ secret: r.secret, keyId: r.key.id, prefix: r.key.tokenPrefix, oldKeyExpiresAt: r.oldKeyExpiresAt.toISOString(), grace: r.grace }),
  audit: (r) => ({
    action: 'key.rotate',
    partnerId: r.old.partnerId,
    targetType: 'api_key',
    targetId: r.old.id,
    metadata: { newKeyId: r.key.id, newPrefix: r.key.tokenPrefix, grace: r.grace, oldKeyExpiresAt: r.oldKeyExpiresAt.toISOString() },
  }),
};
