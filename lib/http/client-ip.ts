/**
 * The caller's IP address.
 *
 * Next.js fills `x-forwarded-for` with the socket's address only when the request does not carry
 * the header already, so a client can put anything there. With `TRUST_PROXY_HOPS=N` (N reverse proxies
 * that append to the header in front of the portal), the Nth address from the right is the one the
 * nearest trusted proxy saw. Without it, the last address is used: right when the portal is exposed
 * directly and the client sent no header, spoofable otherwise.
 */
export function clientIp(headers: Headers): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = Number.parseInt(process.env.TRUST_PROXY_HOPS ?? '', 10);
  const picked = Number.isInteger(hops) && hops > 0 ? forwarded[Math.max(0, forwarded.length - hops)] : forwarded.at(-1);
  return normalizeIp(picked ?? headers.get('x-real-ip') ?? 'unknown');
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same caller. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
