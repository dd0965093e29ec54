import 'server-only';
import { asc, ilike, inArray, or, sql } from 'drizzle-orm';
import { db } from '@/db';
import { partners, type PartnerStatus } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import type { OrganizationOption } from '@/lib/auth/tenant';
import { likeEscape, likePattern } from '@/lib/tables/table-query';
import { isStorableText } from '@/lib/validation/storable';

/** How many organizations one search answers with: a picker shows a short list and asks for more letters. */
export const ORGANIZATION_SEARCH_LIMIT = 20;
const MAX_QUERY = 100;

export interface OrganizationSearch {
  organizations: (OrganizationOption & { slug: string; status: PartnerStatus })[];
  /** More organizations match than were returned: type more. */
  more: boolean;
}

/**
 * Staff organization pickers: organizations whose name or slug contains `q` (case-insensitive; `%` and
 * `_` are literal), names starting with it first, then by name. An empty `q` gives the first by name.
 * Only callers who may list every organization (staff); anyone else is refused by the policy.
 */
export async function searchOrganizations(actor: UserActor, q: string, limit = ORGANIZATION_SEARCH_LIMIT): Promise<OrganizationSearch> {
  authorize(actor, 'partner.list', { partnerId: null });
  const term = isStorableText(q) ? q.trim().slice(0, MAX_QUERY) : '';
  const where = term ? or(ilike(partners.name, likePattern(term)), ilike(partners.slug, likePattern(term))) : undefined;
  // Names that start with what was typed first.
  const startsWith = term ? [sql`case when ${partners.name} ilike ${`${likeEscape(term)}%`} then 0 else 1 end`] : [];
  const rows = await db
    .select({ id: partners.id, name: partners.name, slug: partners.slug, status: partners.status })
    .from(partners)
    .where(where)
    .orderBy(...startsWith, asc(sql`lower(${partners.name})`), asc(partners.id))
    .limit(limit + 1);
  return { organizations: rows.slice(0, limit), more: rows.length > limit };
}

/** The names of some organizations by id (the live view names the organization of each request). */
export async function organizationNames(actor: UserActor, ids: string[]): Promise<OrganizationOption[]> {
  authorize(actor, 'partner.list', { partnerId: null });
  const wanted = [...new Set(ids.filter((id) => isStorableText(id) && id.length <= 64))].slice(0, ORGANIZATION_SEARCH_LIMIT);
  if (wanted.length === 0) return [];
  return db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, wanted));
}
