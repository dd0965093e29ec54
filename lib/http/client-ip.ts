/**
 * The caller's IP address.
 *
 * `scripts/serve.mjs` (what `npm start` runs) ends `X-Forwarded-For` with the address of the TCP
 * connection: alone when no proxy is trusted, after the proxies' entries otherwise. With
 * `TRUST_PROXY_HOPS=N` (N reverse proxies in front of the portal, each appending what it saw), the client
 * is N entries left of the last one; without it, the last entry is the connection itself.
 * Under `next dev` the header is as the client sent it.
 */
export function clientIp(headers: Headers): string {
  const header = headers.get('x-forwarded-for');
  // One entry (serve.mjs's own, no proxy in front): it is the answer whatever TRUST_PROXY_HOPS says.
  if (header === null) return 'unknown';
  if (!header.includes(',')) return normalizeIp(header.trim() || 'unknown');
  const forwarded = header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = Number.parseInt(process.env.TRUST_PROXY_HOPS ?? '', 10);
  const index = forwarded.length - 1 - (Number.isInteger(hops) && hops > 0 ? hops : 0);
  const picked = forwarded[Math.max(0, index)];
  return normalizeIp(picked ?? 'unknown');
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same caller. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
