import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { partners } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { isStorableText } from '@/lib/validation/storable';
import type { UserActor } from './actor';
import { authorize, type PolicyAction } from './policy';

export type SearchParams = Record<string, string | string[] | undefined>;

export interface OrganizationOption {
  id: string;
  name: string;
}

/**
 * Which organization a signed-in person is working in: the one scope every list and detail function
 * of `lib/` reads. Built from the session, never from input: a partner user's is their own
 * organization, whatever the URL says; staff choose one with `?org=` or see all of them.
 */
export interface Tenant {
  actor: UserActor;
  isStaff: boolean;
  /** The organization being looked at; null = every organization (staff only). */
  partnerId: string | null;
  organizationName: string | null;
  /** Staff on a page with an organization picker (it searches on the server: lib/partners/search-organizations.ts). */
  picksOrganization: boolean;
  /** What every link of a page carries to stay in the same organization (`org`, staff only). */
  orgParam: string | null;
}

/** The organization whose data a tenant-scoped section shows: none for staff (they see all), the own one for partner users. */
export function ownScope(actor: UserActor): { partnerId: string | null } {
  return { partnerId: actor.staffRole ? null : (actor.membership?.partnerId ?? null) };
}

/** One value of a URL parameter; one Postgres cannot store (NUL, a lone surrogate) counts as absent. */
export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  const one = Array.isArray(value) ? value[0] : value;
  return one && isStorableText(one) ? one : undefined;
}

/**
 * The tenant of an actor. A partner user always gets their own organization and `chosenOrgId` is
 * ignored; for staff it is the organization they chose (trusted here: `requireTenant` checks that it
 * exists) or null for all. A partner user without an organization has no tenant.
 */
export function tenantOf(actor: UserActor, chosenOrgId?: string | null): Tenant {
  if (!actor.staffRole) {
    const membership = actor.membership;
    if (!membership) throw new NotFoundError();
    return {
      actor,
      isStaff: false,
      partnerId: membership.partnerId,
      organizationName: membership.partnerName,
      picksOrganization: false,
      orgParam: null,
    };
  }
  const partnerId = chosenOrgId || null;
  return { actor, isStaff: true, partnerId, organizationName: null, picksOrganization: false, orgParam: partnerId };
}

/** An organization's id and name, or null when there is none. */
export async function findOrganization(id: string): Promise<OrganizationOption | null> {
  if (!isStorableText(id)) return null;
  const [row] = await db.select({ id: partners.id, name: partners.name }).from(partners).where(eq(partners.id, id)).limit(1);
  return row ?? null;
}

/**
 * One organization within the tenant, for a filter that names one (`?partner=` of the request explorer,
 * the alerts and the live view): staff may name any (or none: all); a partner user only their own, and
 * naming another is a 404 like a foreign resource.
 */
export function narrowTenant(tenant: Tenant, partner: string | null | undefined): Tenant {
  if (!partner) return tenant;
  // No organization has an id Postgres cannot store: a 404 like any unknown one, not a database error.
  if (!isStorableText(partner)) throw new NotFoundError();
  if (!tenant.isStaff) {
    if (partner !== tenant.partnerId) throw new NotFoundError();
    return tenant;
  }
  if (tenant.partnerId && partner !== tenant.partnerId) throw new NotFoundError();
  return { ...tenant, partnerId: partner, orgParam: partner };
}

/** The organization a tenant-scoped list reads (null = all), after the policy allowed `action` on it. */
export function tenantScope(tenant: Tenant, action: PolicyAction): string | null {
  authorize(tenant.actor, action, { partnerId: tenant.partnerId });
  return tenant.partnerId;
}

/** The one organization a tenant-scoped page is about (secrets are always one organization's), after the policy allowed `action` on it. */
export function tenantOrganization(tenant: Tenant, action: PolicyAction): string {
  if (!tenant.partnerId) throw new NotFoundError('Choose an organization.');
  authorize(tenant.actor, action, { partnerId: tenant.partnerId });
  return tenant.partnerId;
}
