/**
 * Is an IP address one the portal may call on a partner's behalf (alert webhooks)? Only addresses on the
 * public internet: loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, "this
 * network", multicast, reserved and the IPv6 equivalents are refused, and so is any IPv6 address that
 * embeds one of those IPv4 addresses (IPv4-mapped, IPv4-compatible, SIIT, NAT64, 6to4).
 *
 * Pure (no `node:` import), so the save-time form check can share it. The connection-time guard is
 * `lib/net/guarded-request.ts`; this module only answers for one address.
 *
 * The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are not
 * refused: they route nowhere and reach nothing of ours, and the tests use them as stand-ins for public
 * addresses without ever connecting to them.
 */

type Range = readonly [bytes: readonly number[], prefixLength: number];

// IANA IPv4 special-purpose registry, minus the documentation ranges (see above).
const BLOCKED_V4: readonly Range[] = [
  [[0, 0, 0, 0], 8], // "this network", 0.0.0.0
  [[10, 0, 0, 0], 8], // private
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8], // loopback
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12], // private
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 88, 99, 0], 24], // 6to4 relay anycast
  [[192, 168, 0, 0], 16], // private
  [[198, 18, 0, 0], 15], // benchmarking
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

// Within 2000::/3 (global unicast, the only IPv6 block allowed at all): IETF protocol assignments
// (Teredo, ORCHIDs, AMT, …), except the documentation prefix inside it.
const IETF_ASSIGNMENTS_V6: Range = [[0x20, 0x01, 0x00, 0x00], 23];
const DOCUMENTATION_V6: Range = [[0x20, 0x01, 0x0d, 0xb8], 32];

function inRange(address: readonly number[], [bytes, prefixLength]: Range): boolean {
  for (let bit = 0; bit < prefixLength; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((address[byte] ?? 0) & mask) !== ((bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** Dotted-quad IPv4 in canonical decimal form only (`1.2.3.4`); null otherwise. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** IPv6 (with `::`, an embedded dotted quad, no brackets, an optional `%zone`) as 16 bytes; null otherwise. */
export function parseIPv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(address) || !address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function isPublicIPv4(bytes: readonly number[]): boolean {
  return !BLOCKED_V4.some((range) => inRange(bytes, range));
}

function isPublicIPv6(bytes: readonly number[]): boolean {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const v4 = (at: number) => bytes.slice(at, at + 4);
  // ::/96 — unspecified (::), loopback (::1) and the deprecated IPv4-compatible addresses (::a.b.c.d).
  if (zeros(0, 12)) return isPublicIPv4(v4(12));
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (SIIT, IPv4-translated).
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return isPublicIPv4(v4(12));
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return isPublicIPv4(v4(12));
  // 64:ff9b::/96, the well-known NAT64 prefix: the gateway would connect to the embedded IPv4 address.
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return isPublicIPv4(v4(12));
  // 2002::/16, 6to4: the relay would go to the IPv4 address in bytes 2–5.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return isPublicIPv4(v4(2));
  // Everything outside 2000::/3 (global unicast) is refused: ULA fc00::/7, link-local fe80::/10,
  // site-local fec0::/10, multicast ff00::/8, discard 100::/64, local NAT64 64:ff9b:1::/48, reserved.
  if ((bytes[0]! & 0xe0) !== 0x20) return false;
  return inRange(bytes, DOCUMENTATION_V6) || !inRange(bytes, IETF_ASSIGNMENTS_V6);
}

/**
 * True for an address on the public internet. Anything that is not an IP address in canonical form
 * (a name, garbage, an empty string) is false: the caller resolves names first.
 */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const v4 = parseIPv4(bare);
  if (v4) return isPublicIPv4(v4);
  const v6 = parseIPv6(bare);
  if (v6) return isPublicIPv6(v6);
  return false;
}

/**
 * The host of a URL as the connection will use it: WHATWG parsing already turns `2130706433`, `0x7f.1`,
 * `0177.0.0.1` and `127.1` into `127.0.0.1`, `0` into `0.0.0.0`, and compresses IPv6. Returns the IP
 * address (no brackets) when the host is a literal, else null (a name, resolved at connection time).
 */
export function ipLiteralOf(hostname: string): string | null {
  let host = hostname;
  try {
    host = new URL(`http://${hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname}/`).hostname;
  } catch {
    return null;
  }
  if (host.startsWith('[')) return host.slice(1, -1);
  return parseIPv4(host) ? host : null;
}

/** Names that are loopback by definition (RFC 6761), refused before any lookup. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Whether private destinations are allowed (self-hosters whose receiver is on their own network). */
export function privateDestinationsAllowed(): boolean {
  return process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS === 'true';
}
