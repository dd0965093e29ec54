import type { NextAuthConfig } from 'next-auth';
import { resolveAuthSecret } from './auth-secret';

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/**
 * What every Auth.js instance shares: the proxy uses only this (it verifies the session cookie and
 * needs neither the database nor argon2), `lib/auth/auth.ts` adds the Credentials provider.
 * Built per request so that `next build` never needs AUTH_SECRET.
 */
export function baseAuthConfig(): NextAuthConfig {
  return {
    secret: resolveAuthSecret(),
    trustHost: process.env.AUTH_TRUST_HOST ? process.env.AUTH_TRUST_HOST === 'true' : undefined,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
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
      // Only the user id travels in the token; role and membership are read from the database per request.
      // The sign-in time rides along too: a password change ends sessions signed in before it.
      jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.signedInAt = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.signedInAt = typeof token.signedInAt === 'number' ? token.signedInAt : 0;
        return session;
      },
    },
  };
}
