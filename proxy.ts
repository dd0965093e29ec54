import { NextResponse } from 'next/server';
import NextAuth from 'next-auth';
import { baseAuthConfig } from '@/lib/auth/auth-config';

// The light instance: verifies the session cookie without loading the database or argon2.
const { auth } = NextAuth(baseAuthConfig);

/**
 * Sends signed-out visitors of portal pages to the sign-in page. Only a valid session cookie is
 * checked here; pages read the user and role from the database themselves.
 *
 * `/api` (and so `/api/v1`) is left out of the matcher on purpose: on this stack an empty proxy
 * costs about a third of a route's throughput, and the API guards itself in its route handlers.
 */
const guard = auth((request) => {
  if (request.auth?.user) return NextResponse.next();
  const url = new URL('/login', request.nextUrl.origin);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/') url.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(url);
});

// With a lazily built config, Auth.js hands back the wrapped handler as a promise.
export default async function proxy(...args: Parameters<Awaited<typeof guard>>) {
  return (await guard)(...args);
}

export const config = {
  // Public pages: sign-in, sign-up and invitation links (the invitee may have no account yet).
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|robots.txt|login|signup|invite/).*)'],
};
