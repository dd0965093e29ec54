import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { organizationSso } from '@/db/schema';
import { listSsoDomains, type SsoDomainSummary } from './sso-domains';

export interface OrganizationSsoOverview {
  sso: { issuer: string; clientId: string; enforced: boolean } | null;
  domains: SsoDomainSummary[];
}

/** For the organization page: the connected provider (never its secret) and the domains. */
export async function organizationSsoOverview(partnerId: string): Promise<OrganizationSsoOverview> {
  const [[row], domains] = await Promise.all([
    db.select().from(organizationSso).where(eq(organizationSso.partnerId, partnerId)),
    listSsoDomains(db, partnerId),
  ]);
  return { sso: row ? { issuer: row.issuer, clientId: row.clientId, enforced: row.enforced } : null, domains };
}
