import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from '@/db';
import { clientIp } from '@/lib/http/client-ip';
import { baseAuthConfig } from './auth-config';
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

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...baseAuthConfig(),
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
}));
