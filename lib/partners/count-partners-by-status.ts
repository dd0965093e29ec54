import 'server-only';
import { count } from 'drizzle-orm';
import { db } from '@/db';
import { partners, partnerStatuses, type PartnerStatus } from '@/db/schema';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';

export type PartnerStatusCounts = Record<PartnerStatus, number> & { total: number };

/** How many organizations are pending, active and suspended: the staff dashboard's numbers. */
export async function countPartnersByStatus(tenant: Tenant): Promise<PartnerStatusCounts> {
  const { actor } = tenant;
  authorize(actor, 'partner.list', { partnerId: null });
  const rows = await db.select({ status: partners.status, n: count() }).from(partners).groupBy(partners.status);
  const counts = Object.fromEntries(partnerStatuses.map((s) => [s, 0])) as Record<PartnerStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return { ...counts, total: partnerStatuses.reduce((sum, s) => sum + counts[s], 0) };
}
