import 'server-only';
import { eq } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { organizationSso } from '@/db/schema';
import { organizationSsoClientSecret, ssoRouteForEmail } from './organization-sso';

/** The cookie naming the organization whose provider this browser's sign-in goes through (set at /login). */
export const SSO_ORGANIZATION_COOKIE = 'pp-sso-organization';
export const SSO_ORGANIZATION_COOKIE_MAX_AGE_S = 10 * 60;

/** The Auth.js provider id of an organization's own OIDC provider (one at a time per browser, by the cookie). */
export const ORGANIZATION_SSO_PROVIDER_ID = 'org-sso';

export interface OrganizationOidcProvider {
  id: typeof ORGANIZATION_SSO_PROVIDER_ID;
  name: string;
  type: 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string;
  checks: ('pkce' | 'state' | 'nonce')[];
  authorization: { params: { scope: string } };
}

/** The organization's provider as Auth.js takes it, its secret decrypted; null when it has none. */
export async function organizationOidcProvider(db: Queryable, partnerId: string): Promise<OrganizationOidcProvider | null> {
  const [row] = await db.select().from(organizationSso).where(eq(organizationSso.partnerId, partnerId));
  if (!row) return null;
  return {
    id: ORGANIZATION_SSO_PROVIDER_ID,
    name: 'your organization',
    type: 'oidc',
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: organizationSsoClientSecret(row),
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid email profile' } },
  };
}

/** For the sign-in form: the organization whose single sign-on an address must (or may) use; null: none. */
export async function ssoRouteAtSignIn(email: string): Promise<{ partnerId: string; enforced: boolean } | null> {
  const route = await ssoRouteForEmail(db, email);
  return route ? { partnerId: route.partnerId, enforced: route.enforced } : null;
}
