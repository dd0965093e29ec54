import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Random bytes come from the CSPRNG in 4 KiB batches: one call per request id was a fifth of the
// API guard's own cost. Every byte is used once.
const pool = Buffer.allocUnsafe(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** Random base62 text; rejection sampling (bytes ≥ 248 are skipped) keeps every character equally likely. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

export type IdPrefix =
  | 'usr'
  | 'org'
  | 'mem'
  | 'inv'
  | 'aud'
  | 'sif'
  | 'key'
  | 'req'
  | 'use'
  | 'ufb'
  | 'api'
  | 'ept'
  | 'doc'
  | 'drv'
  | 'env'
  | 'sec'
  | 'sv'
  | 'acl'
  | 'ses'
  | 'sur'
  | 'sua'
  | 'fac'
  | 'rcv'
  | 'ssd'
  | 'pk'
  | 'wac';

/** Prefixed ids (`org_…`) tell at a glance what a row is; 22 base62 chars carry ~131 random bits. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(22)}`;
}
