import 'server-only';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { db as database, type Queryable } from '@/db';
import { defaultEnvironmentSlugs, environments, secrets } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { tenantOrganization, type Tenant } from '@/lib/auth/tenant';
import { NotFoundError, fieldError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { createEnvironmentInput } from './secret-input';

/** `development`, `staging` and `production` for a new organization; safe to call again. */
export async function ensureDefaultEnvironments(db: Queryable, partnerId: string): Promise<void> {
  await db
    .insert(environments)
    .values(defaultEnvironmentSlugs.map((slug) => ({ id: newId('env'), partnerId, slug })))
    .onConflictDoNothing();
}

export interface EnvironmentRow {
  id: string;
  partnerId: string;
  slug: string;
}

/** An environment of the organization, or a 404 (also for another organization's). */
export async function findEnvironment(db: Queryable, partnerId: string, slug: string): Promise<EnvironmentRow> {
  const [row] = await db
    .select({ id: environments.id, partnerId: environments.partnerId, slug: environments.slug })
    .from(environments)
    .where(and(eq(environments.partnerId, partnerId), eq(environments.slug, slug)));
  if (!row) throw new NotFoundError(`There is no environment "${slug}".`);
  return row;
}

export interface EnvironmentSummary extends EnvironmentRow {
  secretCount: number;
  isDefault: boolean;
}

const defaultOrder = sql`array_position(array['development','staging','production']::text[], ${environments.slug})`;

/** The environments of the tenant's organization with their secret counts, the defaults first. */
export async function listEnvironments(tenant: Tenant): Promise<EnvironmentSummary[]> {
  const partnerId = tenantOrganization(tenant, 'secret.read');
  const rows = await database
    .select({ id: environments.id, partnerId: environments.partnerId, slug: environments.slug, secretCount: count(secrets.id) })
    .from(environments)
    .leftJoin(secrets, and(eq(secrets.environmentId, environments.id), isNull(secrets.deletedAt)))
    .where(eq(environments.partnerId, partnerId))
    .groupBy(environments.id)
    .orderBy(sql`${defaultOrder} nulls last`, asc(environments.slug));
  return rows.map((r) => ({ ...r, isDefault: (defaultEnvironmentSlugs as readonly string[]).includes(r.slug) }));
}

export const createEnvironmentSpec: UserActionSpec<typeof createEnvironmentInput, EnvironmentRow> = {
  name: 'createEnvironment',
  access: 'user',
  input: createEnvironmentInput,
  // Adding an environment is a write of the organization's secrets setup: those who may write any environment.
  policy: (input, actor) => ({ action: 'secret.write', resource: { partnerId: targetPartnerId(actor, input), secretEnvironment: input.slug } }),
  async run({ input, tx, actor }) {
    const partnerId = targetPartnerId(actor, input);
    const [created] = await tx
      .insert(environments)
      .values({ id: newId('env'), partnerId, slug: input.slug })
      .onConflictDoNothing()
      .returning({ id: environments.id, partnerId: environments.partnerId, slug: environments.slug });
    if (!created) throw fieldError('slug', `There is already an environment "${input.slug}"`);
    return created;
  },
  message: (env) => `Environment ${env.slug} is created.`,
  audit: (env) => ({
    action: 'secret.environment_create',
    partnerId: env.partnerId,
    targetType: 'environment',
    targetId: env.id,
    metadata: { slug: env.slug },
  }),
};
