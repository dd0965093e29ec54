import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { MasterKeyRing } from './master-keys';

/** What a secret value is bound to: copied to another org, environment, name or version, it will not open. */
export interface SecretBinding {
  partnerId: string;
  environmentId: string;
  name: string;
  version: number;
}

/** As stored in `secret_versions` (base64). */
export interface SealedValue {
  ciphertext: string;
  nonce: string;
  wrappedDataKey: string;
  masterKeyId: string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Tampering, a moved row or a wrong key: reported as such, never as garbage plaintext. */
export class SecretIntegrityError extends AppError {
  constructor(message: string) {
    super(message, 500, 'secret_integrity');
  }
}

function associatedData(binding: SecretBinding): Buffer {
  // JSON of an array: unambiguous whatever characters the parts contain.
  return Buffer.from(JSON.stringify(['pp-secret/v1', binding.partnerId, binding.environmentId, binding.name, binding.version]));
}

const wrapAssociatedData = (masterKeyId: string) => Buffer.from(JSON.stringify(['pp-data-key/v1', masterKeyId]));

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { nonce: Buffer; sealed: Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, sealed };
}

function gcmDecrypt(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) throw new Error('malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

function wrapDataKey(dataKey: Buffer, ring: MasterKeyRing): { wrappedDataKey: string; masterKeyId: string } {
  const master = ring.current;
  const { nonce, sealed } = gcmEncrypt(master.key, dataKey, wrapAssociatedData(master.id));
  return { wrappedDataKey: Buffer.concat([nonce, sealed]).toString('base64'), masterKeyId: master.id };
}

function unwrapDataKey(sealed: Pick<SealedValue, 'wrappedDataKey' | 'masterKeyId'>, ring: MasterKeyRing, label: string): Buffer {
  const master = ring.byId.get(sealed.masterKeyId);
  if (!master) {
    throw new SecretIntegrityError(`${label} is encrypted under master key ${sealed.masterKeyId}, which is not configured. Add it back to PORTAL_MASTER_KEY.`);
  }
  const wrapped = Buffer.from(sealed.wrappedDataKey, 'base64');
  try {
    return gcmDecrypt(master.key, wrapped.subarray(0, NONCE_BYTES), wrapped.subarray(NONCE_BYTES), wrapAssociatedData(master.id));
  } catch {
    throw new SecretIntegrityError(`${label}: its data key does not open under master key ${master.id}; the stored key was altered.`);
  }
}

/** Encrypts one secret version under a fresh data key, wrapped by the current master key. */
export function sealSecretValue(binding: SecretBinding, plaintext: string, ring: MasterKeyRing): SealedValue {
  const dataKey = randomBytes(32);
  try {
    const { nonce, sealed } = gcmEncrypt(dataKey, Buffer.from(plaintext, 'utf8'), associatedData(binding));
    return { ciphertext: sealed.toString('base64'), nonce: nonce.toString('base64'), ...wrapDataKey(dataKey, ring) };
  } finally {
    dataKey.fill(0);
  }
}

export function openSecretValue(binding: SecretBinding, sealed: SealedValue, ring: MasterKeyRing): string {
  const label = `${binding.name} (version ${binding.version})`;
  const dataKey = unwrapDataKey(sealed, ring, label);
  try {
    const plaintext = gcmDecrypt(dataKey, Buffer.from(sealed.nonce, 'base64'), Buffer.from(sealed.ciphertext, 'base64'), associatedData(binding));
    return plaintext.toString('utf8');
  } catch {
    throw new SecretIntegrityError(`${label} could not be decrypted: its ciphertext, nonce or binding (organization, environment, name, version) was altered.`);
  } finally {
    dataKey.fill(0);
  }
}

/** Master-key rotation: the same data key (so the ciphertext is untouched), wrapped by the current master key. */
export function rewrapDataKey(
  sealed: Pick<SealedValue, 'wrappedDataKey' | 'masterKeyId'>,
  ring: MasterKeyRing,
  label: string,
): { wrappedDataKey: string; masterKeyId: string } {
  const dataKey = unwrapDataKey(sealed, ring, label);
  try {
    return wrapDataKey(dataKey, ring);
  } finally {
    dataKey.fill(0);
  }
}
