/**
 * The portal's key format (lib/keys/key-format.ts), checked the same way: `pp_test_` or `pp_live_`, 30
 * base62 characters, the last 6 a CRC32 of the rest in base62. Junk never reaches the hash or the map.
 * CRC32 is computed here (node:zlib's crc32 needs Node 20.15+).
 */
const KEY_LENGTH = 38;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32 of an ASCII string (the key's characters are all ASCII once the base62 check passed). */
export function crc32Ascii(text: string, length = text.length): number {
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const isBase62 = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export function isWellFormedApiKey(candidate: string): boolean {
  if (candidate.length !== KEY_LENGTH || !(candidate.startsWith('pp_test_') || candidate.startsWith('pp_live_'))) return false;
  for (let i = 8; i < KEY_LENGTH; i++) if (!isBase62(candidate.charCodeAt(i))) return false;
  let n = crc32Ascii(candidate, KEY_LENGTH - CHECKSUM_LENGTH);
  for (let i = KEY_LENGTH - 1; i >= KEY_LENGTH - CHECKSUM_LENGTH; i--) {
    if (candidate.charCodeAt(i) !== BASE62.charCodeAt(n % 62)) return false;
    n = Math.floor(n / 62);
  }
  return true;
}

/** The key from `Authorization: Bearer …` or `x-api-key` (header values as given; null when neither). */
export function readApiKey(authorization: string | null | undefined, xApiKey: string | null | undefined): string | null {
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : authorization.trim();
  }
  return xApiKey ? xApiKey.trim() : null;
}
