import 'server-only';
import { notFound } from 'next/navigation';
import { requirePortalActor } from './require-portal-actor';
import { findOrganization, firstParam, tenantOf, type SearchParams, type Tenant } from './tenant';

// Apart from `tenant.ts` because it reads the session (Auth.js), which the lib functions taking a tenant need not load.

/**
 * The tenant of the signed-in person, for pages and route handlers. With `searchParams` the page lets
 * staff choose an organization with `?org=` (an unknown one is a 404) with a picker that searches on the
 * server; without, staff see every organization.
 */
export async function requireTenant(searchParams?: SearchParams): Promise<Tenant> {
  const actor = await requirePortalActor();
  if (!actor.staffRole || !searchParams) return tenantOf(actor);
  const chosen = firstParam(searchParams, 'org') ?? null;
  const tenant = tenantOf(actor, chosen);
  const organization = chosen ? await findOrganization(chosen) : null;
  if (chosen && !organization) notFound();
  return { ...tenant, organizationName: organization?.name ?? null, picksOrganization: true };
}
