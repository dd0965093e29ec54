import { hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { KeyEnvironment } from '@/db/schema';
import { randomBase62 } from '@/lib/ids';

/**
 * API key format: `pp_<env>_<random><checksum>`.
 * - random: 24 base62 characters, about 143 bits from the CSPRNG;
 * - checksum: CRC32 of everything before it, as 6 base62 characters. It lets the guard refuse a
 *   mistyped or made-up key without a cache or database lookup (GitHub's tokens do the same).
 * Only the SHA-256 of the whole key is stored; the prefix shown in the portal is `pp_<env>_` plus
 * the first 6 random characters.
 */
const RANDOM_LENGTH = 24;
const CHECKSUM_LENGTH = 6;
const DISPLAY_RANDOM_CHARS = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// `pp_test_` and `pp_live_` are both 8 characters long.
const KEY_LENGTH = 8 + RANDOM_LENGTH + CHECKSUM_LENGTH;

function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export interface GeneratedKey {
  /** Shown once to its owner, never stored. */
  secret: string;
  hash: string;
  prefix: string;
  environment: KeyEnvironment;
}

export function generateApiKey(environment: KeyEnvironment): GeneratedKey {
  const body = `pp_${environment}_${randomBase62(RANDOM_LENGTH)}`;
  const secret = body + checksum(body);
  return { secret, hash: hashApiKey(secret), prefix: displayPrefix(secret), environment };
}

export interface ParsedKey {
  environment: KeyEnvironment;
  prefix: string;
}

const isBase62 = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * `pp_test_` or `pp_live_` and 30 base62 characters: enough to look the key up in the cache, since a
 * hit proves the rest (the cache is keyed by the SHA-256 of keys we issued). Character codes only.
 */
export function hasApiKeyShape(candidate: string): boolean {
  if (candidate.length !== KEY_LENGTH || !(candidate.startsWith('pp_test_') || candidate.startsWith('pp_live_'))) return false;
  for (let i = 8; i < KEY_LENGTH; i++) if (!isBase62(candidate.charCodeAt(i))) return false;
  return true;
}

/**
 * Whether the last 6 characters are the checksum of the rest (of a key that has the shape): what keeps a
 * mistyped or made-up key from reaching the database. One CRC32 of the checksummed part.
 */
export function hasValidChecksum(candidate: string): boolean {
  // The checksum's digits, least significant last (as `checksum` writes them).
  let n = crc32(candidate.slice(0, KEY_LENGTH - CHECKSUM_LENGTH));
  for (let i = KEY_LENGTH - 1; i >= KEY_LENGTH - CHECKSUM_LENGTH; i--) {
    if (candidate.charCodeAt(i) !== BASE62.charCodeAt(n % 62)) return false;
    n = Math.floor(n / 62);
  }
  return true;
}

/** `pp_test_` or `pp_live_`, 30 base62 characters, and the last 6 the checksum of the rest. */
export function isWellFormedApiKey(candidate: string): boolean {
  return hasApiKeyShape(candidate) && hasValidChecksum(candidate);
}

/** Format and checksum only: no I/O. Null for anything that cannot be a key we issued. */
export function parseApiKey(candidate: string): ParsedKey | null {
  if (!isWellFormedApiKey(candidate)) return null;
  return { environment: candidate.slice(3, 7) as KeyEnvironment, prefix: displayPrefix(candidate) };
}

/** One-shot SHA-256 (hex): no Hash object per request. */
export function hashApiKey(secret: string): string {
  return hash('sha256', secret, 'hex');
}

function displayPrefix(secret: string): string {
  const envEnd = secret.indexOf('_', 3) + 1;
  return secret.slice(0, envEnd + DISPLAY_RANDOM_CHARS);
}

/** `Bearer ` and printable ASCII without a space: what almost every client sends, read without a regular expression. */
function isPlainBearer(value: string): boolean {
  if (value.length <= 7 || !value.startsWith('Bearer ')) return false;
  for (let i = 7; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

/** The key from `Authorization: Bearer …` or `x-api-key`, as sent; null when neither is there. */
export function readApiKey(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  if (authorization) {
    if (isPlainBearer(authorization)) return authorization.slice(7);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : authorization.trim();
  }
  const header = headers.get('x-api-key');
  return header ? header.trim() : null;
}
