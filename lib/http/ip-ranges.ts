import { isIP } from 'node:net';

/** An address or CIDR range as the inclusive range of addresses it covers, in one family. */
interface AddressRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

function addressToBigInt(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
  // Expand `::` and an embedded IPv4 tail (`::ffff:1.2.3.4`) into eight 16-bit groups.
  let text = address.toLowerCase();
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const n = addressToBigInt(v4Tail[1]!, 4);
    text = `${text.slice(0, -v4Tail[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
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
