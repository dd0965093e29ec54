import { NextResponse, type NextRequest } from 'next/server';
import { publicOrigin } from '@/lib/auth/public-origin';

/**
 * Sends visitors without a session cookie to the sign-in page. Only the cookie's presence is checked:
 * every page verifies the session itself (`requireActor`), reading user and role from the database.
 *
 * Not Auth.js's own proxy wrapper: it re-issues the session cookie on every request it sees, so a
 * prefetch still in flight when the user signs out brought the session back to life. Sessions now live
 * in the database (lib/auth/sessions.ts): the cookie only names one, signing out revokes it, and the
 * expiry slides on the server, so nothing needs to re-issue the cookie, and a cookie brought back
 * anyway names a revoked session and is refused.
 *
 * `/api` (and so `/api/v1`) is left out of the matcher on purpose: on this stack an empty proxy costs
 * about a third of a route's throughput, and the API guards itself in its route handlers.
 */
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

function hasSessionCookie(request: NextRequest): boolean {
  // Large tokens are split into `name.0`, `name.1`, …
  return request.cookies.getAll().some(({ name }) => SESSION_COOKIES.some((c) => name === c || name.startsWith(`${c}.`)));
}

/**
 * What a visitor reads without an account: the docs (their pages decide per doc: public ones only, the
 * others are a 404 like any doc one may not read) and their Markdown, `/llms.txt` and the API reference.
 * Writing docs (`/docs/manage`) is not among them.
 */
export function isPublicPath(pathname: string): boolean {
  if (pathname === '/llms.txt' || pathname === '/reference') return true;
  return (pathname === '/docs' || pathname.startsWith('/docs/')) && pathname !== '/docs/manage' && !pathname.startsWith('/docs/manage/');
}

export default function proxy(request: NextRequest) {
  if (hasSessionCookie(request) || isPublicPath(request.nextUrl.pathname)) return NextResponse.next();
  // The configured URL or the request's Host: under `npm start` nextUrl's origin is http://0.0.0.0:3000.
  const url = new URL('/login', publicOrigin(request.headers, request.nextUrl.protocol) ?? request.nextUrl.origin);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/') url.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(url);
}

export const config = {
  // Public pages: sign-in, sign-up, invitation links (the invitee may have no account yet) and domain confirmation links.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|robots.txt|login|signup|invite/|sso/).*)'],
};
