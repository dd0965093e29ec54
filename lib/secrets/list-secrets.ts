import 'server-only';
import { and, asc, count, desc, eq, ilike, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { accessLogs, environments, secrets, secretVersions, users, type SecretAccessAction, type SecretKind } from '@/db/schema';
import { authorize, can } from '@/lib/auth/policy';
import { tenantOrganization, type Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { isStorableText } from '@/lib/validation/storable';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';
import { findEnvironment } from './environments';
import { loadSecret } from './secret-store';

export const secretSortColumns = ['name', 'updated', 'lastRead', 'version'] as const;
export type SecretSort = (typeof secretSortColumns)[number];

export interface SecretListRow {
  id: string;
  name: string;
  kind: SecretKind;
  currentVersion: number;
  updatedAt: Date;
  updatedByName: string | null;
  lastReadAt: Date | null;
  deletedAt: Date | null;
}

/** Names and metadata of an environment's secrets, never values (support staff see this much). */
export async function listSecrets(
  tenant: Tenant,
  environmentSlug: string,
  query: TableQuery<SecretSort> & { deleted?: boolean; kind?: SecretKind },
): Promise<TablePage<SecretListRow> & { environmentId: string }> {
  return querySecrets(tenantOrganization(tenant, 'secret.read'), environmentSlug, query);
}

/** The query behind the secrets table and GraphQL's `secrets`, for a caller the policy already allowed to read the organization's secret names. */
export async function querySecrets(
  partnerId: string,
  environmentSlug: string,
  query: TableQuery<SecretSort> & { deleted?: boolean; kind?: SecretKind },
): Promise<TablePage<SecretListRow> & { environmentId: string }> {
  const environment = await findEnvironment(db, partnerId, environmentSlug);
  const conditions: SQL[] = [eq(secrets.environmentId, environment.id), query.deleted ? isNotNull(secrets.deletedAt) : isNull(secrets.deletedAt)];
  if (query.kind) conditions.push(eq(secrets.kind, query.kind));
  if (query.q) conditions.push(ilike(secrets.name, likePattern(query.q.toUpperCase())));
  const where = and(...conditions);
  const sortColumn = { name: secrets.name, updated: secrets.updatedAt, lastRead: secrets.lastReadAt, version: secrets.currentVersion }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : sql`${sortColumn} desc nulls last`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: secrets.id,
        name: secrets.name,
        kind: secrets.kind,
        currentVersion: secrets.currentVersion,
        updatedAt: secrets.updatedAt,
        updatedByName: users.name,
        lastReadAt: secrets.lastReadAt,
        deletedAt: secrets.deletedAt,
      })
      .from(secrets)
      .leftJoin(users, eq(users.id, secrets.updatedById))
      .where(where)
      .orderBy(order, asc(secrets.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(secrets).where(where),
  ]);
  return { ...pageOf(rows, total?.n ?? 0, query), environmentId: environment.id };
}

export interface SecretDetail extends SecretListRow {
  partnerId: string;
  environmentId: string;
  environment: string;
  /** Whether this actor may reveal and change it (the page shows the buttons accordingly). */
  canWrite: boolean;
  versions: { version: number; createdAt: Date; createdByName: string | null; masterKeyId: string }[];
}

/** One secret of the tenant's organization (any organization's: staff); another organization's is a 404. */
export async function getSecretDetail(tenant: Tenant, secretId: string): Promise<SecretDetail> {
  const { actor } = tenant;
  // An id Postgres cannot store (NUL from the URL) names nothing: a 404, not a database error.
  if (!isStorableText(secretId)) throw new NotFoundError();
  const secret = await loadSecret(db, secretId);
  if (tenant.partnerId !== null && secret.partnerId !== tenant.partnerId) throw new NotFoundError();
  authorize(actor, 'secret.read', { partnerId: secret.partnerId });
  const [versions, [updatedBy]] = await Promise.all([
    db
      .select({ version: secretVersions.version, createdAt: secretVersions.createdAt, createdByName: users.name, masterKeyId: secretVersions.masterKeyId })
      .from(secretVersions)
      .leftJoin(users, eq(users.id, secretVersions.createdById))
      .where(eq(secretVersions.secretId, secret.id))
      .orderBy(desc(secretVersions.version)),
    secret.updatedById ? db.select({ name: users.name }).from(users).where(eq(users.id, secret.updatedById)) : Promise.resolve([]),
  ]);
  return {
    id: secret.id,
    name: secret.name,
    kind: secret.kind,
    currentVersion: secret.currentVersion,
    updatedAt: secret.updatedAt,
    updatedByName: updatedBy?.name ?? null,
    lastReadAt: secret.lastReadAt,
    deletedAt: secret.deletedAt,
    partnerId: secret.partnerId,
    environmentId: secret.environmentId,
    environment: secret.environmentSlug,
    canWrite: can(actor, 'secret.write', { partnerId: secret.partnerId, secretEnvironment: secret.environmentSlug }),
    versions,
  };
}

export interface AccessLogRow {
  id: string;
  secretId: string;
  secretName: string;
  environment: string | null;
  version: number | null;
  actorType: 'user' | 'api_key';
  actorLabel: string | null;
  action: SecretAccessAction;
  ip: string | null;
  occurredAt: Date;
}

/** The access log of one secret or one environment, newest first. */
export async function listAccessLogs(
  tenant: Tenant,
  filter: { environmentId?: string; secretId?: string; action?: SecretAccessAction },
  page: { page: number; pageSize: number },
): Promise<TablePage<AccessLogRow>> {
  const partnerId = tenantOrganization(tenant, 'secret.read');
  const conditions: SQL[] = [eq(accessLogs.partnerId, partnerId)];
  if (filter.environmentId) conditions.push(eq(accessLogs.environmentId, filter.environmentId));
  if (filter.secretId) conditions.push(eq(accessLogs.secretId, filter.secretId));
  if (filter.action) conditions.push(eq(accessLogs.action, filter.action));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: accessLogs.id,
        secretId: accessLogs.secretId,
        secretName: accessLogs.secretName,
        environment: environments.slug,
        version: accessLogs.version,
        actorType: accessLogs.actorType,
        actorLabel: accessLogs.actorLabel,
        action: accessLogs.action,
        ip: accessLogs.ip,
        occurredAt: accessLogs.occurredAt,
      })
      .from(accessLogs)
      .leftJoin(environments, eq(environments.id, accessLogs.environmentId))
      .where(where)
      .orderBy(desc(accessLogs.occurredAt), desc(accessLogs.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: count() }).from(accessLogs).where(where),
  ]);
  return pageOf(rows, total?.n ?? 0, page);
}

export interface EnvironmentComparison {
  left: string;
  right: string;
  onlyInLeft: string[];
  onlyInRight: string[];
  inBoth: string[];
}

/** Which names are missing where: by name only, so it needs no value and support may use it. */
export async function compareEnvironments(tenant: Tenant, left: string, right: string): Promise<EnvironmentComparison> {
  const partnerId = tenantOrganization(tenant, 'secret.read');
  const [a, b] = await Promise.all([findEnvironment(db, partnerId, left), findEnvironment(db, partnerId, right)]);
  const namesOf = async (environmentId: string) =>
    new Set(
      (
        await db
          .select({ name: secrets.name })
          .from(secrets)
          .where(and(eq(secrets.environmentId, environmentId), isNull(secrets.deletedAt)))
      ).map((r) => r.name),
    );
  const [leftNames, rightNames] = await Promise.all([namesOf(a.id), namesOf(b.id)]);
  const sorted = (names: Iterable<string>) => [...names].sort();
  return {
    left: a.slug,
    right: b.slug,
    onlyInLeft: sorted([...leftNames].filter((n) => !rightNames.has(n))),
    onlyInRight: sorted([...rightNames].filter((n) => !leftNames.has(n))),
    inBoth: sorted([...leftNames].filter((n) => rightNames.has(n))),
  };
}
