import 'server-only';
import type { KeyEnvironment } from '@/db/schema';
import { can } from '@/lib/auth/policy';
import { resolveKeyByHash } from '@/lib/keys/key-cache';
import { hashApiKey, readApiKey } from '@/lib/keys/key-format';
import { keyRefusal, type KeyRecord } from '@/lib/keys/key-record';
import { ForbiddenError } from '@/lib/errors';
import { credentialPepper } from './pepper';

/**
 * A verifier credential: a staff-issued key with `keys:sync`. It sees the keys of its own environment's
 * reach: a `live` credential syncs live and test keys (a product API usually takes both), a `test`
 * credential test keys only.
 */
export interface VerifierCredential {
  key: KeyRecord;
  keyHash: string;
  pepper: string;
  environments: readonly KeyEnvironment[];
}

/** For a request the guard has admitted with `key`: refuses (403) unless the policy lets it sync. */
export function verifierCredential(key: KeyRecord, headers: Headers): VerifierCredential {
  if (!can(key.actor, 'key.sync', { partnerId: null })) throw new ForbiddenError('This key may not sync keys: verifier credentials are issued by staff.');
  const keyHash = hashApiKey(readApiKey(headers)!);
  return { key, keyHash, pepper: credentialPepper(keyHash), environments: key.environment === 'live' ? ['live', 'test'] : ['test'] };
}

/** Whether the credential may still sync (a long-lived stream asks every second: revoked, expired, scope removed). */
export async function credentialStillValid(credential: VerifierCredential): Promise<boolean> {
  const key = await resolveKeyByHash(credential.keyHash);
  return key !== null && keyRefusal(key) === null && can(key.actor, 'key.sync', { partnerId: null });
}
