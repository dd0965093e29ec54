import 'server-only';
import { notFound } from 'next/navigation';
import type { Queryable } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import { listPartners } from '@/lib/partners/list-partners';

type SearchParams = Record<string, string | string[] | undefined>;

export interface OrganizationOption {
  id: string;
  name: string;
}

export interface SecretScope {
  /** The organization whose secrets are shown; null while a staff member has not chosen one. */
  partnerId: string | null;
  organizationName: string | null;
  /** Staff only: the organizations to choose from (the picker is shown when this is set). */
  organizations: OrganizationOption[] | null;
  organizationsTruncated: boolean;
  /** What every link of the section carries to stay in the same organization (`org` for staff). */
  orgParam: string | null;
}

export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

/**
 * Which organization a secrets page is about. Partner users always work in their own and an `org`
 * in the URL is ignored; staff choose one with `?org=`, and an unknown one is a 404.
 */
export async function loadSecretScope(db: Queryable, actor: UserActor, params: SearchParams): Promise<SecretScope> {
  if (!actor.staffRole) {
    const membership = actor.membership;
    if (!membership) notFound();
    return { partnerId: membership.partnerId, organizationName: membership.partnerName, organizations: null, organizationsTruncated: false, orgParam: null };
  }
  // TODO: a searchable organization picker once there are more than a page of them (as for keys).
  const page = await listPartners(db, actor, { page: 1, pageSize: 100, sort: 'name', direction: 'asc', q: '' });
  const organizations = page.rows.map((row) => ({ id: row.id, name: row.name }));
  const chosen = firstParam(params, 'org') ?? null;
  const organization = chosen ? organizations.find((o) => o.id === chosen) : null;
  if (chosen && !organization) notFound();
  return {
    partnerId: organization?.id ?? null,
    organizationName: organization?.name ?? null,
    organizations,
    organizationsTruncated: page.total > page.rows.length,
    orgParam: organization?.id ?? null,
  };
}
