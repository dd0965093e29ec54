import type { NextAuthConfig } from 'next-auth';
import { resolveAuthSecret } from './auth-secret';
import { SESSION_ABSOLUTE_MS } from './session-lifetime';

/**
 * The cookie lives as long as a session may (30 days) and is never re-issued: the `sessions` row decides,
 * on every request, whether the session is still open (revoked, idle for 7 days or past its lifetime: over).
 */
export const SESSION_MAX_AGE_SECONDS = SESSION_ABSOLUTE_MS / 1000;

/**
 * Where Auth.js sends the browser after signing in or out: a path on this portal, never another site
 * (Auth.js's own rule), and as a path rather than an absolute URL on the configured origin, so the browser
 * stays on the address it signed in on, where its new cookie was set (a portal reached by two names, e.g.
 * `localhost` and `127.0.0.1`, lost the session on the redirect to the other one).
 */
export function sameOriginPath(url: string, baseUrl: string): string {
  try {
    const target = new URL(url, baseUrl); // `/x` on the base; `//evil.example/x` and `/\\evil.example` land elsewhere
    if (target.origin === new URL(baseUrl).origin) return `${target.pathname}${target.search}${target.hash}`;
  } catch {
    // not a URL: the home page
  }
  return '/';
}

/**
 * What every Auth.js instance shares: the proxy uses only this (it verifies the session cookie and
 * needs neither the database nor argon2), `lib/auth/auth.ts` adds the Credentials provider.
 * Built per request so that `next build` never needs AUTH_SECRET.
 */
export function baseAuthConfig(): NextAuthConfig {
  return {
    secret: resolveAuthSecret(),
    trustHost: process.env.AUTH_TRUST_HOST ? process.env.AUTH_TRUST_HOST === 'true' : undefined,
    // updateAge as long as maxAge: Auth.js never rolls the cookie (the session row slides instead).
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_MAX_AGE_SECONDS },
    // `__Secure-` cookies in production; plain ones in development over http.
    useSecureCookies: process.env.NODE_ENV === 'production' && process.env.AUTH_INSECURE_COOKIES !== 'true',
    pages: { signIn: '/login' },
    logger: {
      // A wrong password is an answer, not an error: keep its stack trace out of the server log.
      error(error) {
        const type = (error as Error & { type?: string }).type;
        if (type === 'CredentialsSignin') return;
        console.error('[auth][error]', error);
      },
    },
    providers: [],
    callbacks: {
      redirect: ({ url, baseUrl }) => sameOriginPath(url, baseUrl),
      // Only the user id and the server-side session id travel in the token; role, membership and whether
      // the session is still open are read from the database per request (lib/auth/session.ts).
      jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sid = user.sessionId;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.sessionId = typeof token.sid === 'string' ? token.sid : null;
        return session;
      },
    },
  };
}
