import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecretValue, rewrapDataKey, sealSecretValue, SecretIntegrityError, type SealedValue, type SecretBinding } from '@/lib/secrets/envelope';
import { buildMasterKeyRing, MasterKeyConfigError, masterKeyFingerprint, parseMasterKeys } from '@/lib/secrets/master-keys';

const key = () => randomBytes(32).toString('base64');
const ring = buildMasterKeyRing({ PORTAL_MASTER_KEY: key(), NODE_ENV: 'test' });
const binding: SecretBinding = { partnerId: 'org_a', environmentId: 'env_prod', name: 'DATABASE_URL', version: 3 };
const plaintext = 'postgres://app:s3cr3t-é@db.internal:5432/app';

/** Flips one bit of a base64 field. */
function flip(field: string, byte = 0): string {
  const bytes = Buffer.from(field, 'base64');
  bytes[byte] = bytes[byte]! ^ 0x01;
  return bytes.toString('base64');
}

describe('envelope encryption', () => {
  it('round-trips any value, with a fresh data key and nonce each time', () => {
    const a = sealSecretValue(binding, plaintext, ring);
    const b = sealSecretValue(binding, plaintext, ring);
    expect(openSecretValue(binding, a, ring)).toBe(plaintext);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.wrappedDataKey).not.toBe(b.wrappedDataKey);
    expect(a.masterKeyId).toBe(ring.current.id);
    for (const value of ['', 'x', '🔑'.repeat(1000), 'a'.repeat(64 * 1024), '-----BEGIN KEY-----\nAAA\n-----END KEY-----\n']) {
      expect(openSecretValue(binding, sealSecretValue(binding, value, ring), ring)).toBe(value);
    }
    expect(Buffer.from(a.ciphertext, 'base64').toString('utf8')).not.toContain('s3cr3t');
  });

  const sealed = sealSecretValue(binding, plaintext, ring);
  const tampered: [string, SealedValue, SecretBinding][] = [
    ['ciphertext', { ...sealed, ciphertext: flip(sealed.ciphertext) }, binding],
    ['auth tag', { ...sealed, ciphertext: flip(sealed.ciphertext, Buffer.from(sealed.ciphertext, 'base64').length - 1) }, binding],
    ['nonce', { ...sealed, nonce: flip(sealed.nonce) }, binding],
    ['wrapped data key', { ...sealed, wrappedDataKey: flip(sealed.wrappedDataKey, 20) }, binding],
    ['another organization', sealed, { ...binding, partnerId: 'org_b' }],
    ['another environment', sealed, { ...binding, environmentId: 'env_dev' }],
    ['another name', sealed, { ...binding, name: 'DATABASE_URL_COPY' }],
    ['another version', sealed, { ...binding, version: 2 }],
    ['truncated ciphertext', { ...sealed, ciphertext: '' }, binding],
  ];
  it.each(tampered)('refuses a tampered or moved value (%s) with a clear error, never garbage', (_what, value, where) => {
    expect(() => openSecretValue(where, value, ring)).toThrow(SecretIntegrityError);
    expect(() => openSecretValue(where, value, ring)).toThrow(/could not be decrypted|does not open/);
  });

  it('says which master key is missing when a value was wrapped by a key that is not configured', () => {
    const other = buildMasterKeyRing({ PORTAL_MASTER_KEY: key(), NODE_ENV: 'test' });
    expect(() => openSecretValue(binding, sealed, other)).toThrow(new RegExp(`master key ${sealed.masterKeyId}, which is not configured`));
  });

  it('re-wraps the data key under a new master key without touching the ciphertext', () => {
    const rotated = buildMasterKeyRing({
      PORTAL_MASTER_KEY: `${[...ring.byId.values()].map((k) => k.key.toString('base64')).join(',')},next:${key()}`,
      NODE_ENV: 'test',
    });
    expect(rotated.current.id).toBe('next');
    const rewrapped = { ...sealed, ...rewrapDataKey(sealed, rotated, 'test') };
    expect(rewrapped.masterKeyId).toBe('next');
    expect(rewrapped.ciphertext).toBe(sealed.ciphertext);
    const onlyNew = buildMasterKeyRing({ PORTAL_MASTER_KEY: `next:${rotated.current.key.toString('base64')}`, NODE_ENV: 'test' });
    expect(openSecretValue(binding, rewrapped, onlyNew)).toBe(plaintext);
  });
});

describe('PORTAL_MASTER_KEY', () => {
  it('takes one key or a list whose last entry is current, with ids or fingerprints', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const keys = parseMasterKeys(`${a.toString('base64')}, primary:${b.toString('base64')}`);
    expect(keys.map((k) => k.id)).toEqual([masterKeyFingerprint(a), 'primary']);
  });

  it('refuses malformed keys and a missing key in production', () => {
    for (const bad of [
      '',
      'short',
      randomBytes(16).toString('base64'),
      `x:${randomBytes(33).toString('base64')}`,
      `bad id:${key()}`,
      `same:${key()},same:${key()}`,
      `${key().slice(0, 40)}!!!!`,
    ]) {
      expect(() => parseMasterKeys(bad), bad).toThrow(MasterKeyConfigError);
    }
    expect(() => buildMasterKeyRing({ NODE_ENV: 'production' })).toThrow(/PORTAL_MASTER_KEY is required in production/);
  });
});
