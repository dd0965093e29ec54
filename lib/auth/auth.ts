import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { db } from '@/db';
import { openSignInSession } from '@/lib/identity/open-session';
import { auditSignInFailure } from '@/lib/identity/sign-in-audit';
import { clientIp } from '@/lib/http/client-ip';
import { baseAuthConfig } from './auth-config';
import { normalizeEmail } from './email';
import { withPublicOrigin } from './public-origin';
import { revokeSessionOfToken } from './sessions';
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

const nextAuth = NextAuth(() => ({
  ...baseAuthConfig(),
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsInput.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const ip = clientIp(request.headers);
        const userAgent = request.headers.get('user-agent');
        const result = await verifyCredentials(db, { ...parsed.data, ip });
        if (result.ok) {
          const sessionId = await openSignInSession(db, result.user, { method: 'password', ip, userAgent });
          return { ...result.user, sessionId };
        }
        await auditSignInFailure(db, { email: normalizeEmail(parsed.data.email), reason: result.reason }, { ip, userAgent });
        if (result.reason === 'throttled') throw new SignInThrottled();
        if (result.reason === 'disabled') throw new AccountDisabled();
        throw new InvalidCredentials();
      },
    }),
  ],
  events: {
    // Signing out ends the session on the server: a copy of the cookie is worth nothing afterwards.
    async signOut(message) {
      await revokeSessionOfToken(db, 'token' in message ? await message.token : null);
    },
  },
}));

export const { auth, signIn, signOut } = nextAuth;

/** Auth.js's routes, on the public origin (never `0.0.0.0`, see lib/auth/public-origin.ts). */
export const handlers = {
  GET: (request: NextRequest) => nextAuth.handlers.GET(withPublicOrigin(request)),
  POST: (request: NextRequest) => nextAuth.handlers.POST(withPublicOrigin(request)),
};
