import 'server-only';
import { z } from 'zod';
import type { ActorActionSpec } from '@/lib/actions/action-spec';
import { keyCapability } from '@/lib/auth/policy';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { ceilingForNewKey, grantForNewKey, grantToKeyInput, loadOrganizationLimits } from './key-grant';
import { keyPurposes } from '@/db/schema';
import { createKeyInput } from './key-input';
import { createApiKey, keyAuditMetadata, keyCreatorOf, type ApiKeyRow } from './manage-keys';

export const createKeyActionInput = createKeyInput.extend({
  // Only staff and the system choose the organization; a partner user's or a key's keys always belong to their own.
  partnerId: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64).optional()),
  // Set by the try-it console's own keys (try-it-key.ts); the keys list shows it.
  purpose: z.enum(keyPurposes).optional(),
});

/**
 * The one way a key is made: from the portal (a person), `POST /api/v1/keys` (a key) and
 * `npm run keys:create` (the system). The policy refuses a key that could do more than its maker,
 * or more than the organization's limits allow; what the maker leaves unset it inherits from a maker key.
 */
/** What the creation dialog receives: the one place the secret leaves the server. */
export interface CreatedKeyData {
  secret: string;
  keyId: string;
  prefix: string;
}

export const createKeySpec: ActorActionSpec<typeof createKeyActionInput, { key: ApiKeyRow; secret: string }, CreatedKeyData> = {
  name: 'createKey',
  access: 'actor',
  input: createKeyActionInput,
  async policy(input, actor, tx) {
    const partnerId = targetPartnerId(actor, input);
    const organization = await loadOrganizationLimits(tx, partnerId);
    return {
      action: 'key.write',
      resource: { partnerId, keyEnvironment: input.environment, key: grantForNewKey(keyCapability(actor), input), organization },
    };
  },
  async run({ input, tx, actor }) {
    const partnerId = targetPartnerId(actor, input);
    const ceiling = ceilingForNewKey(actor);
    const grant = grantForNewKey(ceiling, input);
    return createApiKey(tx, partnerId, { ...grantToKeyInput(input.name, grant), purpose: input.purpose }, keyCreatorOf(actor), ceiling);
  },
  message: (r) => `Key “${r.key.keyName}” created. Copy it now: it will not be shown again.`,
  // The one place the secret leaves the server: the creation dialog (or the API's response).
  data: (r) => ({ secret: r.secret, keyId: r.key.id, prefix: r.key.tokenPrefix }),
  audit: ({ key }) => ({ action: 'key.create', partnerId: key.partnerId, targetType: 'api_key', targetId: key.id, metadata: keyAuditMetadata(key) }),
};
