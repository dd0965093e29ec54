import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys, developerDocs, docReads, invites, memberships, partners } from '@/db/schema';
import { tenantOrganization, type Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';

export const onboardingSteps = [
  { id: 'profile', label: 'Complete your organization’s profile', href: '/organization' },
  { id: 'team', label: 'Invite a second member', href: '/organization' },
  { id: 'quickstart', label: 'Read the quickstart', href: '/docs/v1/quickstart' },
  { id: 'testKey', label: 'Create your first test key', href: '/keys/new' },
  { id: 'firstCall', label: 'Make your first successful call to /api/v1', href: '/keys' },
  { id: 'liveKey', label: 'Create your first live key', href: '/keys/new' },
] as const;
export type OnboardingStepId = (typeof onboardingSteps)[number]['id'];

// Written out with table names: drizzle leaves columns unqualified in a single-table select, and in a
// correlated subquery an unqualified "id" would mean the inner table's.
const partnerId = sql.raw('"partners"."id"');

/** Each step as a SQL condition on the outer `partners` row, so that a page and the partners table agree. */
export const onboardingStepSql: Record<OnboardingStepId, SQL<boolean>> = {
  profile: sql<boolean>`(coalesce("partners"."website", '') <> '' and coalesce("partners"."description", '') <> '')`,
  team: sql<boolean>`(exists (select 1 from ${invites} i where i.partner_id = ${partnerId})
    or (select count(*) from ${memberships} m where m.partner_id = ${partnerId}) >= 2)`,
  // Any member opening the quickstart (of any API version) counts.
  quickstart: sql<boolean>`exists (select 1 from ${docReads} r join ${developerDocs} d on d.id = r.doc_id
    where r.partner_id = ${partnerId} and d.slug = 'quickstart')`,
  testKey: sql<boolean>`exists (select 1 from ${apiKeys} k where k.partner_id = ${partnerId} and k.environment = 'test')`,
  // The first call is known from a key's last use (written in batches, within seconds).
  firstCall: sql<boolean>`exists (select 1 from ${apiKeys} k where k.partner_id = ${partnerId} and k.last_used_at is not null)`,
  liveKey: sql<boolean>`exists (select 1 from ${apiKeys} k where k.partner_id = ${partnerId} and k.environment = 'live')`,
};

/** How many steps are done, for the partners table. */
export const onboardingDoneCountSql = sql<number>`(${sql.join(
  Object.values(onboardingStepSql).map((step) => sql`(case when ${step} then 1 else 0 end)`),
  sql` + `,
)})`.mapWith(Number);

export interface OnboardingChecklist {
  partnerId: string;
  steps: { id: OnboardingStepId; label: string; href: string; done: boolean }[];
  done: number;
  total: number;
  complete: boolean;
}

/** The onboarding progress of the tenant's organization. */
export async function getOnboardingChecklist(tenant: Tenant): Promise<OnboardingChecklist> {
  const partnerId = tenantOrganization(tenant, 'partner.read');
  const [row] = await db
    .select({
      profile: onboardingStepSql.profile,
      team: onboardingStepSql.team,
      quickstart: onboardingStepSql.quickstart,
      testKey: onboardingStepSql.testKey,
      firstCall: onboardingStepSql.firstCall,
      liveKey: onboardingStepSql.liveKey,
    })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!row) throw new NotFoundError();
  const steps = onboardingSteps.map((step) => ({ ...step, done: Boolean(row[step.id]) }));
  const done = steps.filter((s) => s.done).length;
  return { partnerId, steps, done, total: steps.length, complete: done === steps.length };
}
