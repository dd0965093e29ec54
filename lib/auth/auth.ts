import 'server-only';
import { Auth, setEnvDefaults } from '@auth/core';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Provider } from 'next-auth/providers';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { db } from '@/db';
import type { AuthenticationResponseJSON } from '@simplewebauthn/types';
import { openSignInSession } from '@/lib/identity/open-session';
import { verifyPasskeyAssertion } from '@/lib/identity/passkey-assertion';
import { passkeyRelyingParty } from '@/lib/identity/passkey-relying-party';
import { parseCredentialJson } from '@/lib/identity/passkeys';
import { auditSignInFailure } from '@/lib/identity/sign-in-audit';
import { ORGANIZATION_SSO_PROVIDER_ID, organizationOidcProvider, SSO_ORGANIZATION_COOKIE } from '@/lib/identity/organization-sso-provider';
import { signInWithSso, type SsoSource } from '@/lib/identity/sso-sign-in';
import { staffOidcConfig, staffRoleFromClaims, type StaffOidcConfig } from '@/lib/identity/staff-oidc-config';
import { clientIp } from '@/lib/http/client-ip';
import { baseAuthConfig } from './auth-config';
import { normalizeEmail } from './email';
import { publicOrigin, withPublicOrigin } from './public-origin';
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
class SsoEnforced extends CredentialsSignin {
  code = 'sso_enforced';
}
class PasskeyRefused extends CredentialsSignin {
  code = 'passkey';
}
class PasskeyExpired extends CredentialsSignin {
  code = 'passkey_expired';
}

const credentialsInput = z.object({ email: z.string().max(254), password: z.string().max(200) });
const passkeyInput = z.object({ challengeId: z.string().min(1).max(64), credential: z.string().min(1).max(20_000) });

/**
 * Passwordless sign-in with a passkey (lib/identity/passkey-assertion.ts checks the browser's answer): both
 * factors at once, so the session opens active. A Credentials provider rather than Auth.js's experimental
 * Passkey provider, which needs its database adapter; the session is ours, opened like a password's.
 */
const passkeyProvider = Credentials({
  id: 'passkey',
  name: 'Passkey',
  credentials: { challengeId: {}, credential: {} },
  async authorize(raw, request) {
    const ip = clientIp(request.headers);
    const userAgent = request.headers.get('user-agent');
    const parsed = passkeyInput.safeParse(raw);
    const rp = passkeyRelyingParty(publicOrigin(request.headers));
    if (!parsed.success || !rp.ok) throw new PasskeyRefused();
    let response: AuthenticationResponseJSON;
    try {
      response = parseCredentialJson<AuthenticationResponseJSON>(parsed.data.credential);
    } catch {
      throw new PasskeyRefused();
    }
    const result = await verifyPasskeyAssertion(db, { purpose: 'sign_in', challengeId: parsed.data.challengeId, response, userId: null }, rp.rp);
    if (result.ok) {
      const sessionId = await openSignInSession(db, result.user, { method: 'passkey', ip, userAgent });
      return { ...result.user, sessionId };
    }
    await auditSignInFailure(
      db,
      { email: `passkey:${response.id.slice(0, 64)}`, reason: `passkey_${result.reason}`, userId: result.userId ?? null },
      { ip, userAgent },
    );
    if (result.reason === 'expired') throw new PasskeyExpired();
    if (result.reason === 'disabled') throw new AccountDisabled();
    if (result.reason === 'sso_enforced') throw new SsoEnforced();
    throw new PasskeyRefused();
  },
});

/**
 * The company's identity provider for its staff (OIDC_ISSUER, …): the person's verified email links to an
 * account, the role claim makes them admin or support, and an `sso` session is opened like a password's.
 */
function staffOidcProvider(config: StaffOidcConfig): Provider {
  return {
    id: 'oidc',
    name: config.name,
    type: 'oidc',
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email profile' } },
  };
}

/** The configuration of one request: the organization's provider depends on the browser's SSO cookie. */
async function authConfigFor(request: NextRequest | undefined): Promise<NextAuthConfig> {
  const base = baseAuthConfig();
  const oidc = staffOidcConfig();
  // An organization's own provider, for the browser that /login sent to it (the cookie names the organization).
  const ssoOrganizationId = request?.cookies.get(SSO_ORGANIZATION_COOKIE)?.value ?? null;
  const organizationProvider = ssoOrganizationId ? await organizationOidcProvider(db, ssoOrganizationId) : null;
  return {
    ...base,
    callbacks: {
      ...base.callbacks,
      async signIn({ user, account, profile }) {
        const claims = (profile ?? {}) as Record<string, unknown>;
        let source: SsoSource;
        if (account?.provider === 'oidc' && oidc) source = { kind: 'staff', staffRole: staffRoleFromClaims(oidc, claims) };
        else if (account?.provider === ORGANIZATION_SSO_PROVIDER_ID && ssoOrganizationId) source = { kind: 'organization', partnerId: ssoOrganizationId };
        else return true;
        const meta = { ip: request ? clientIp(request.headers) : null, userAgent: request?.headers.get('user-agent') ?? null };
        const result = await signInWithSso(
          db,
          {
            email: typeof claims.email === 'string' ? claims.email : '',
            emailVerified: claims.email_verified === true,
            name: typeof claims.name === 'string' ? claims.name : null,
          },
          source,
          meta,
        );
        if (!result.ok) return `/login?error=AccessDenied&code=sso_${result.reason}`;
        // What the jwt callback copies into the token, as for a password sign-in.
        user.id = result.user.id;
        user.sessionId = result.sessionId;
        return true;
      },
    },
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
          if (result.reason === 'sso_enforced') throw new SsoEnforced();
          throw new InvalidCredentials();
        },
      }),
      passkeyProvider,
      ...(oidc ? [staffOidcProvider(oidc)] : []),
      ...(organizationProvider ? [organizationProvider] : []),
    ],
    events: {
      // Signing out ends the session on the server: a copy of the cookie is worth nothing afterwards.
      async signOut(message) {
        await revokeSessionOfToken(db, 'token' in message ? await message.token : null);
      },
    },
  };
}

const nextAuth = NextAuth(authConfigFor);

export const { auth, signIn, signOut } = nextAuth;

/**
 * What next-auth's own handler sets before it calls Auth.js (next-auth/lib/env.js `setEnvDefaults`): the
 * base path `/api/auth` (or AUTH_URL's path), then the core's defaults (secret, trustHost, …).
 */
function withRouteDefaults(config: NextAuthConfig): NextAuthConfig {
  const configured = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  let pathname = '/';
  try {
    if (configured) pathname = new URL(configured).pathname;
  } catch {
    // A malformed AUTH_URL: the default path, as next-auth does.
  }
  config.basePath ||= pathname !== '/' ? pathname : '/api/auth';
  setEnvDefaults(process.env, config, true);
  return config;
}

/**
 * Auth.js's routes. Not next-auth's `handlers`: they pass Auth.js a NextRequest, whose URL Next rewrites from
 * a loopback address to `localhost` (see `withPublicOrigin`), so a portal served on http://127.0.0.1:… sent
 * its OIDC provider a redirect URI on http://localhost:…. Auth.js's core gets a plain Request on the public
 * origin instead (PORTAL_URL / AUTH_URL, else the Host; never `0.0.0.0`).
 */
async function handle(request: NextRequest): Promise<Response> {
  const config = withRouteDefaults(await authConfigFor(request));
  return Auth(withPublicOrigin(request), config);
}

export const handlers = { GET: handle, POST: handle };
