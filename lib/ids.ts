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

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const scratch = Buffer.allocUnsafe(256);

/**
 * Random base62 text after `prefix` (ASCII); rejection sampling (bytes ≥ 248 are skipped) keeps every
 * character equally likely. Written into a scratch buffer and read out as one flat string: appending
 * a character at a time made a string per character and a chain of them, which a request id kept
 * alive in the metering buffer through several garbage collections.
 */
export function randomBase62(length: number, prefix = ''): string {
  const total = prefix.length + length;
  if (total > scratch.length) {
    let out = prefix;
    for (let left = length; left > 0; left -= scratch.length) out += randomBase62(Math.min(left, scratch.length));
    return out;
  }
  for (let i = 0; i < prefix.length; i++) scratch[i] = prefix.charCodeAt(i);
  let i = prefix.length;
  while (i < total) {
    const byte = randomByte();
    if (byte < 248) scratch[i++] = CODES[byte % 62]!;
  }
  return scratch.toString('latin1', 0, total);
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
  return randomBase62(22, `${prefix}_`);
}
