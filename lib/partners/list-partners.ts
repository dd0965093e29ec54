import 'server-only';
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { memberships, partners, users, type PartnerStatus } from '@/db/schema';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';
import { onboardingDoneCountSql } from '@/lib/onboarding/onboarding-checklist';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';

export const partnerSortColumns = ['name', 'status', 'tier', 'members', 'onboarding', 'created'] as const;
export type PartnerSort = (typeof partnerSortColumns)[number];

export interface PartnerRow {
  id: string;
  name: string;
  slug: string;
  status: PartnerStatus;
  supportTier: string;
  primaryContactEmail: string | null;
  memberCount: number;
  /** Onboarding steps done, of `onboardingSteps.length`. */
  onboardingDone: number;
  createdAt: Date;
}

/** Every organization, for staff: searched, filtered, sorted and paginated in SQL. */
export async function listPartners(tenant: Tenant, query: TableQuery<PartnerSort> & { status?: PartnerStatus }): Promise<TablePage<PartnerRow>> {
  const { actor } = tenant;
  authorize(actor, 'partner.list', { partnerId: null });

  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(or(ilike(partners.name, pattern), ilike(partners.slug, pattern))!);
  }
  if (query.status) conditions.push(eq(partners.status, query.status));
  const where = conditions.length ? and(...conditions) : undefined;

  // Qualified by hand: an unqualified "id" inside the subquery would be the membership's.
  const memberCount = sql<number>`(select count(*) from ${memberships} m where m.partner_id = "partners"."id")`.mapWith(Number);
  const sortColumn = {
    name: sql`lower(${partners.name})`,
    status: partners.status,
    tier: partners.supportTier,
    members: memberCount,
    onboarding: onboardingDoneCountSql,
    created: partners.createdAt,
  }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : desc(sortColumn);

  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        id: partners.id,
        name: partners.name,
        slug: partners.slug,
        status: partners.status,
        supportTier: partners.supportTier,
        primaryContactEmail: users.email,
        memberCount,
        onboardingDone: onboardingDoneCountSql,
        createdAt: partners.createdAt,
      })
      .from(partners)
      .leftJoin(users, eq(users.id, partners.primaryContactId))
      .where(where)
      .orderBy(order, asc(partners.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(partners).where(where),
  ]);
  return pageOf(rows, totalRow?.n ?? 0, query);
}
