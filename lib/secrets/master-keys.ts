import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { processState } from '@/lib/runtime/process-state';

export interface MasterKey {
  id: string;
  key: Buffer;
}

/** The configured master keys; `current` wraps new data keys, the others only unwrap old ones. */
export interface MasterKeyRing {
  current: MasterKey;
  byId: Map<string, MasterKey>;
  source: 'env' | 'dev-file';
}

export class MasterKeyConfigError extends Error {}

export const devMasterKeyFile = () => path.join(process.cwd(), '.data', 'master-key');

/** A key's id when none is given: a fingerprint, so the same key always gets the same id. */
export function masterKeyFingerprint(key: Buffer): string {
  return `mk_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * `PORTAL_MASTER_KEY`: one or more comma-separated entries, each `base64` or `id:base64`, of 32 bytes.
 * The LAST entry is the current key. To rotate, append a new key, restart, run
 * `npm run secrets:rotate-master-key`, then remove the old entry.
 */
export function parseMasterKeys(value: string): MasterKey[] {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new MasterKeyConfigError('PORTAL_MASTER_KEY is empty.');
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon === -1 ? null : entry.slice(0, colon).trim();
    const encoded = colon === -1 ? entry : entry.slice(colon + 1).trim();
    const key = Buffer.from(encoded, 'base64');
    // Buffer.from skips characters that are not base64, so check the text itself too.
    if (key.length !== 32 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
      throw new MasterKeyConfigError(`PORTAL_MASTER_KEY entry ${index + 1} is not the base64 of 32 bytes. Generate one with \`openssl rand -base64 32\`.`);
    }
    if (id !== null && !/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new MasterKeyConfigError(`PORTAL_MASTER_KEY entry ${index + 1} has an invalid id "${id}".`);
    return { id: id ?? masterKeyFingerprint(key), key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new MasterKeyConfigError('PORTAL_MASTER_KEY lists the same key id twice.');
  return keys;
}

function readOrCreateDevKey(): string {
  const file = devMasterKeyFile();
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const generated = randomBytes(32).toString('base64');
    try {
      // `wx`: when several processes start at once, one writes and the others read its key.
      fs.writeFileSync(file, generated, { mode: 0o600, flag: 'wx' });
      console.warn(`[secrets] PORTAL_MASTER_KEY is not set: generated a development master key in ${file}. Set PORTAL_MASTER_KEY in production.`);
      return generated;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}

export function buildMasterKeyRing(env: NodeJS.ProcessEnv = process.env): MasterKeyRing {
  const configured = env.PORTAL_MASTER_KEY?.trim();
  if (!configured && env.NODE_ENV === 'production') {
    throw new MasterKeyConfigError('PORTAL_MASTER_KEY is required in production: the base64 of 32 random bytes (`openssl rand -base64 32`).');
  }
  const keys = parseMasterKeys(configured || readOrCreateDevKey());
  return { current: keys[keys.length - 1]!, byId: new Map(keys.map((k) => [k.id, k])), source: configured ? 'env' : 'dev-file' };
}

const holder = () => processState<{ ring?: MasterKeyRing }>('master-keys', () => ({}));

/** The process's key ring, read once. */
export function masterKeyRing(): MasterKeyRing {
  return (holder().ring ??= buildMasterKeyRing());
}

/** For tests and the rotation script: use this ring from now on (or re-read the environment). */
export function setMasterKeyRing(ring: MasterKeyRing | undefined): void {
  holder().ring = ring;
}
