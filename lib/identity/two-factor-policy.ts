import 'server-only';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { organizationSecurity, passkeys, securitySettings, userFactors, users } from '@/db/schema';
import { staffTwoFactorDefault } from './two-factor-default';

/**
 * The columns that say whether a user has a second factor and whether they must: selected with the user
 * (in `loadActor`, once per request), so that a user who must enrol is stopped on the server.
 */
export function twoFactorColumns() {
  // Table names spelled out: drizzle leaves columns unqualified in a one-table select, and these subqueries name other tables.
  return {
    // An authenticator app or a passkey.
    hasSecondFactor: sql<boolean>`(exists (select 1 from user_factors f where f.user_id = "users"."id" and f.confirmed_at is not null) or exists (select 1 from passkeys p where p.user_id = "users"."id"))`,
    hasPasskey: sql<boolean>`exists (select 1 from passkeys p where p.user_id = "users"."id")`,
    staffSetting: sql<boolean | null>`(select s.staff_require_two_factor from security_settings s where s.id = 'portal')`,
    organizationRequires: sql<boolean>`exists (select 1 from memberships m join organization_security o on o.partner_id = m.partner_id where m.user_id = "users"."id" and o.require_two_factor)`,
  };
}

export function mustUseTwoFactor(row: { staffRole: string | null; staffSetting: boolean | null; organizationRequires: boolean }): boolean {
  if (row.staffRole) return row.staffSetting ?? staffTwoFactorDefault();
  return row.organizationRequires;
}

export interface TwoFactorStatus {
  hasSecondFactor: boolean;
  required: boolean;
}

export async function twoFactorStatus(db: Queryable, userId: string): Promise<TwoFactorStatus> {
  const [row] = await db
    .select({ staffRole: users.staffRole, ...twoFactorColumns() })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return { hasSecondFactor: false, required: false };
  return { hasSecondFactor: Boolean(row.hasSecondFactor), required: mustUseTwoFactor({ ...row, organizationRequires: Boolean(row.organizationRequires) }) };
}

/** Whether staff must use a second factor: the portal's setting, else the default (on in production). */
export async function staffRequiresTwoFactor(db: Queryable, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const [row] = await db.select({ value: securitySettings.staffRequireTwoFactor }).from(securitySettings).where(eq(securitySettings.id, 'portal'));
  return row?.value ?? staffTwoFactorDefault(env);
}

export async function organizationRequiresTwoFactor(db: Queryable, partnerId: string): Promise<boolean> {
  const [row] = await db
    .select({ value: organizationSecurity.requireTwoFactor })
    .from(organizationSecurity)
    .where(eq(organizationSecurity.partnerId, partnerId));
  return row?.value ?? false;
}

/** Staff accounts (enabled) without a confirmed second factor (an authenticator app or a passkey): `npm start` warns about them while staff must use one. */
export async function staffWithoutSecondFactor(db: Queryable): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(
      and(
        isNotNull(users.staffRole),
        sql`${users.disabledAt} is null`,
        sql`not exists (select 1 from ${userFactors} where ${userFactors.userId} = ${users.id} and ${userFactors.confirmedAt} is not null)`,
        sql`not exists (select 1 from ${passkeys} where ${passkeys.userId} = ${users.id})`,
      ),
    );
  return rows.map((r) => r.email);
}

/** For `npm start`: a warning while staff must use two-factor and some staff account has none; null otherwise. */
export async function staffTwoFactorWarning(db: Queryable, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (!(await staffRequiresTwoFactor(db, env))) return null;
  const missing = await staffWithoutSecondFactor(db);
  if (missing.length === 0) return null;
  return (
    `WARNING: two-factor sign-in is required for staff, but ${missing.length} staff account${missing.length === 1 ? ' has' : 's have'} no second factor: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}.\n` +
    '         They are taken to set one up at their next sign-in. Turn the requirement off under Users, or with STAFF_REQUIRE_TWO_FACTOR=false.'
  );
}
