import { isIP } from 'node:net';
import { parseIPv4, parseIPv6 } from './public-address';

/** An address or CIDR range as the inclusive range of addresses it covers, in one family. */
interface AddressRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

/** The address as one number, from the one address parser of lib/net (public-address.ts). */
function addressToBigInt(address: string, family: 4 | 6): bigint {
  const bytes = family === 4 ? parseIPv4(address) : parseIPv6(address);
  return (bytes ?? []).reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a single address; null when it is neither. */
export function parseAddressRange(entry: string): AddressRange | null {
  const [address, bits, extra] = entry.trim().split('/');
  if (extra !== undefined || !address) return null;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return null;
  const width = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= width)) return null;
  const host = BigInt(width - prefix);
  const value = addressToBigInt(address, family);
  const first = (value >> host) << host;
  return { family, first, last: first + (1n << host) - 1n };
}

/** Whether every address of `inner` (an address or range) lies inside one of the `outer` entries. */
export function isRangeWithin(inner: string, outer: readonly string[]): boolean {
  const range = parseAddressRange(inner);
  if (!range) return false;
  return outer.some((entry) => {
    const bound = parseAddressRange(entry);
    return bound !== null && bound.family === range.family && bound.first <= range.first && range.last <= bound.last;
  });
}
