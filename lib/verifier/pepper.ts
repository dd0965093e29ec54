import { createHmac, hash } from 'node:crypto';

/**
 * Key hashes leave the portal peppered per verifier credential, so that a leaked snapshot cannot be
 * matched against another copy of the keys (or another credential's snapshot): what a verifier holds is
 * SHA-256(pepper ‖ SHA-256(key)), the pepper being an HMAC of the credential's own SHA-256. The portal
 * computes it from the stored hash; the verifier from the credential it was given
 * (packages/verifier/src/pepper.ts does the same, byte for byte).
 */
const PEPPER_LABEL = 'partner-portal verifier pepper v1';

export function credentialPepper(credentialKeyHash: string): string {
  return createHmac('sha256', credentialKeyHash).update(PEPPER_LABEL).digest('hex');
}

export function pepperedKeyHash(pepper: string, keyHash: string): string {
  return hash('sha256', pepper + keyHash, 'base64url');
}
