import * as crypto from 'node:crypto';

/**
 * The portal sends key hashes peppered for this credential (lib/verifier/pepper.ts):
 * SHA-256(pepper ‖ SHA-256(key)) in base64url, the pepper being HMAC-SHA256(SHA-256(credential), label).
 * A leaked snapshot matches nothing without the credential.
 */
const PEPPER_LABEL = 'partner-portal verifier pepper v1';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex' | 'base64url') => string;
// One-shot hashing (Node 20.12+) allocates no Hash object; older Node 20 falls back to createHash.
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;
const sha256: (data: string, encoding: 'hex' | 'base64url') => string = oneShot
  ? (data, encoding) => oneShot('sha256', data, encoding)
  : (data, encoding) => crypto.createHash('sha256').update(data).digest(encoding);

export function credentialPepper(credential: string): string {
  return crypto.createHmac('sha256', sha256(credential, 'hex')).update(PEPPER_LABEL).digest('hex');
}

export function pepperedHash(pepper: string, rawKey: string): string {
  return sha256(pepper + sha256(rawKey, 'hex'), 'base64url');
}
