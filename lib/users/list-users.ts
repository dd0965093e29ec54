import 'server-only';
import { and, asc, count, desc, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { memberships, partners, users } from '@/db/schema';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';

export const userSortColumns = ['name', 'email', 'created', 'lastLogin'] as const;
export type UserSort = (typeof userSortColumns)[number];

export interface UserRow {
  id: string;
  name: string;
  email: string;
  staffRole: string | null;
  organizations: string | null;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

/** Every user account, for staff: who they are, where they belong, whether they may sign in. */
export async function listUsers(tenant: Tenant, query: TableQuery<UserSort> & { state?: 'active' | 'disabled' }): Promise<TablePage<UserRow>> {
  const { actor } = tenant;
  authorize(actor, 'partner.list', { partnerId: null });
  const conditions: SQL[] = [];
  if (query.q) conditions.push(or(ilike(users.name, likePattern(query.q)), ilike(users.email, likePattern(query.q)))!);
  if (query.state === 'disabled') conditions.push(isNotNull(users.disabledAt));
  if (query.state === 'active') conditions.push(isNull(users.disabledAt));
  const where = conditions.length ? and(...conditions) : undefined;
  const sortColumn = { name: sql`lower(${users.name})`, email: sql`lower(${users.email})`, created: users.createdAt, lastLogin: users.lastLoginAt }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : sql`${sortColumn} desc nulls last`;
  // Qualified by hand: in a single-table select drizzle leaves columns unqualified, and "id" here would be ambiguous.
  const organizations = sql<string | null>`(select string_agg(p.name || ' (' || m.role || ')', ', ' order by p.name)
    from ${memberships} m join ${partners} p on p.id = m.partner_id where m.user_id = "users"."id")`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        staffRole: users.staffRole,
        organizations,
        disabledAt: users.disabledAt,
        lastLoginAt: users.lastLoginAt,
        createdAt: users.createdAt,
      })
      .from(users)
      .where(where)
      .orderBy(order, desc(users.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return pageOf(rows, total?.n ?? 0, query);
}
