import { BlockList, isIP } from 'node:net';

/**
 * An IP allowlist compiled once per key (when it is synced), so a check is a few integer operations for
 * IPv4 (the common case) and node's BlockList for IPv6. Empty list: every address.
 */
export interface IpMatcher {
  (ip: string): boolean;
}

const allowAll: IpMatcher = () => true;

export function parseIPv4(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      if (++dots > 3) return null;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return null; // no leading zeros (octal ambiguity)
      part = part * 10 + (c - 48);
      if (++digits > 3) return null;
    } else return null;
  }
  if (dots !== 3 || digits === 0 || part > 255) return null;
  return value * 256 + part;
}

/** `::ffff:1.2.3.4` is the IPv4 address 1.2.3.4. */
function unmapped(ip: string): string {
  return ip.length > 7 && ip.charCodeAt(0) === 58 && ip.toLowerCase().startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export function compileAllowlist(entries: readonly string[]): IpMatcher {
  if (entries.length === 0) return allowAll;
  const v4: { base: number; mask: number }[] = [];
  let v6: BlockList | null = null;
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const v4address = parseIPv4(unmapped(address));
    if (v4address !== null) {
      const prefix = bits === undefined ? 32 : Number(bits);
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      v4.push({ base: (v4address & mask) >>> 0, mask });
    } else if (isIP(address) === 6) {
      v6 ??= new BlockList();
      if (bits === undefined) v6.addAddress(address, 'ipv6');
      else v6.addSubnet(address, Number(bits), 'ipv6');
    }
  }
  const list6 = v6;
  return (ip: string) => {
    const address = parseIPv4(unmapped(ip));
    if (address !== null) {
      for (let i = 0; i < v4.length; i++) if ((address & v4[i]!.mask) >>> 0 === v4[i]!.base) return true;
      return false;
    }
    return list6 !== null && isIP(ip) === 6 && list6.check(ip, 'ipv6');
  };
}
