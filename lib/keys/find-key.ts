import 'server-only';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apiKeys } from '@/db/schema';
import type { PolicyAction, PolicyResource } from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';
import { loadOrganizationLimits } from './key-grant';
import { effectiveKeySettings } from './key-record';
import type { ApiKeyRow } from './manage-keys';

export async function findKeyOrThrow(db: Queryable, keyId: string): Promise<ApiKeyRow> {
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId)).limit(1);
  if (!key) throw new NotFoundError('That API key does not exist.');
  return key;
}

/**
 * The policy question for rotating or revoking a key: its organization and environment come from the
 * row, and everything it can do must be within what the caller can do (nobody rotates a key that can
 * do more than they can).
 */
export async function keyWritePolicy(db: Queryable, keyId: string): Promise<{ action: PolicyAction; resource: PolicyResource }> {
  const key = await findKeyOrThrow(db, keyId);
  const organization = await loadOrganizationLimits(db, key.partnerId);
  return {
    action: 'key.write',
    resource: { partnerId: key.partnerId, keyEnvironment: key.environment, key: effectiveKeySettings(key, organization), organization },
  };
}
