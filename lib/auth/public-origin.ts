import type { NextRequest } from 'next/server';

type HeaderSource = { get(name: string): string | null };

/** The portal's configured public URL (`PORTAL_URL`, else `AUTH_URL`), as an origin; null when neither is set. */
export function configuredOrigin(env: Record<string, string | undefined> = process.env): string | null {
  for (const value of [env.PORTAL_URL, env.AUTH_URL]) {
    if (!value) continue;
    try {
      return new URL(value).origin;
    } catch {
      // A malformed setting is ignored rather than used.
    }
  }
  return null;
}

const HOST_PATTERN = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * Where links the portal hands out (invitations, email confirmations) and its redirects point: the
 * configured URL, else the `Host` the request came in on. Never `X-Forwarded-Host`, which any client can
 * send: behind a reverse proxy, set PORTAL_URL. `X-Forwarded-Proto` is read only when proxies are trusted
 * (TRUST_PROXY_HOPS, as for the client IP).
 */
export function publicOrigin(headers: HeaderSource, fallbackProtocol = 'http', env: Record<string, string | undefined> = process.env): string | null {
  const configured = configuredOrigin(env);
  if (configured) return configured;
  const host = headers.get('host')?.trim();
  if (!host || !HOST_PATTERN.test(host)) return null;
  const trustProxy = Number.parseInt(env.TRUST_PROXY_HOPS ?? '', 10) > 0;
  const forwardedProto = trustProxy ? headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : fallbackProtocol.replace(/:$/, '');
  return `${protocol}://${host}`;
}

/**
 * The request as Auth.js should see it: a plain `Request` on the public origin, which Auth.js builds every
 * URL it hands out on (the OAuth `redirect_uri`, its own redirects). Two things stand in the way of the URL
 * Next gives a route handler:
 *  - `next start` behind a custom server that listens on 0.0.0.0 builds request URLs as
 *    `http://0.0.0.0:3000/…` (Auth.js's own pages redirected there);
 *  - a `NextRequest` rewrites a loopback host (127.x.x.x, [::1]) to `localhost` in both `nextUrl` and `url`
 *    (next/dist/server/web/next-url.js), whatever it was built from, so next-auth's own AUTH_URL override
 *    (`reqWithEnvURL`, which builds a new NextRequest) cannot produce `http://127.0.0.1:…`. An OIDC provider
 *    that registered the portal's redirect URI on 127.0.0.1 refused the `localhost` one.
 * Hence a plain `Request`, which keeps the URL as given (lib/auth/auth.ts hands it to Auth.js's core).
 */
export function withPublicOrigin(request: NextRequest, env: Record<string, string | undefined> = process.env): Request {
  const origin = publicOrigin(request.headers, request.nextUrl.protocol, env);
  const url = origin ? new URL(request.nextUrl.pathname + request.nextUrl.search, origin) : new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : undefined,
    signal: request.signal,
    // A streamed body (undici requires saying so).
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}
