import 'server-only';
import { asc } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { partners } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';

/** The organization picker of the usage page: staff only. */
export async function usageOrganizationOptions(db: Queryable, actor: UserActor): Promise<{ id: string; name: string }[]> {
  authorize(actor, 'partner.list', { partnerId: null });
  return db.select({ id: partners.id, name: partners.name }).from(partners).orderBy(asc(partners.name), asc(partners.id));
}
