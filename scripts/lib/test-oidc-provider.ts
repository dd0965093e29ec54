/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a free loopback port, for the e2e run's
 * single sign-on: its development login form accepts any login, which becomes the account's email
 * (verified). A login starting with `staff-admin+` also carries the admin group.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ProviderContext } from 'oidc-provider';

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/** Two clients: the portal's staff sign-in (`oidc`) and an organization's own (`org-sso`, client `partner-portal-org-e2e`). */
export async function startTestOidcProvider(portalOrigin: string): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'partner-portal-e2e';
  const clientSecret = 'e2e-client-secret-e2e-client-secret';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${portalOrigin}/api/auth/callback/oidc`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      {
        client_id: 'partner-portal-org-e2e',
        client_secret: 'e2e-org-client-secret',
        redirect_uris: [`${portalOrigin}/api/auth/callback/org-sso`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['e2e-oidc-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims in the ID token itself (Auth.js reads them there).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: ProviderContext, id: string) {
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: id,
          email_verified: true,
          name: id.split('@')[0],
          groups: id.startsWith('staff-admin+') ? ['portal-admin'] : [],
        }),
      };
    },
    // First-party test client: no consent screen.
    async loadExistingGrant(ctx: ProviderContext) {
      const session = ctx.oidc.session!;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: session.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
