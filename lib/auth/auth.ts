import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/db';
import { clientIp } from '@/lib/http/client-ip';
import { resolveAuthSecret } from './auth-secret';
import { verifyCredentials } from './verify-credentials';

class InvalidCredentials extends CredentialsSignin {
  code = 'invalid_credentials';
}
class SignInThrottled extends CredentialsSignin {
  code = 'throttled';
}
class AccountDisabled extends CredentialsSignin {
  code = 'disabled';
}

const credentialsInput = z.object({ email: z.string().max(254), password: z.string().max(200) });

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

// The configuration is built per request (lazily) so that `next build` never needs AUTH_SECRET.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: process.env.AUTH_TRUST_HOST ? process.env.AUTH_TRUST_HOST === 'true' : undefined,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // `__Secure-` cookies in production; plain ones in development over http.
  useSecureCookies: process.env.NODE_ENV === 'production' && process.env.AUTH_INSECURE_COOKIES !== 'true',
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const result = await verifyCredentials(db, { ...parsed.data, ip: clientIp(request.headers) });
        if (result.ok) return result.user;
        if (result.reason === 'throttled') throw new SignInThrottled();
        if (result.reason === 'disabled') throw new AccountDisabled();
        throw new InvalidCredentials();
      },
    }),
  ],
  callbacks: {
    // Only the user id travels in the token; role and membership are read from the database per request.
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
