import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { accessLogs, environments, secrets, secretVersions, type SecretAccessAction } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { NotFoundError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { openSecretValue, sealSecretValue, type SecretBinding } from './envelope';
import { masterKeyRing } from './master-keys';

export type SecretRow = typeof secrets.$inferSelect & { environmentSlug: string };

const secretColumns = { secret: secrets, environmentSlug: environments.slug };

/** A secret with its environment's slug; `forUpdate` locks the row for the transaction. */
export async function loadSecret(db: Queryable, secretId: string, options: { forUpdate?: boolean } = {}): Promise<SecretRow> {
  const query = db.select(secretColumns).from(secrets).innerJoin(environments, eq(environments.id, secrets.environmentId)).where(eq(secrets.id, secretId));
  const [row] = options.forUpdate ? await query.for('update', { of: secrets }) : await query;
  if (!row) throw new NotFoundError('This secret does not exist.');
  return { ...row.secret, environmentSlug: row.environmentSlug };
}

export async function findSecretByName(db: Queryable, environmentId: string, name: string, options: { forUpdate?: boolean } = {}): Promise<SecretRow | null> {
  const query = db
    .select(secretColumns)
    .from(secrets)
    .innerJoin(environments, eq(environments.id, secrets.environmentId))
    .where(and(eq(secrets.environmentId, environmentId), eq(secrets.name, name)));
  const [row] = options.forUpdate ? await query.for('update', { of: secrets }) : await query;
  return row ? { ...row.secret, environmentSlug: row.environmentSlug } : null;
}

function bindingOf(secret: Pick<SecretRow, 'partnerId' | 'environmentId' | 'name'>, version: number): SecretBinding {
  return { partnerId: secret.partnerId, environmentId: secret.environmentId, name: secret.name, version };
}

/** Encrypts and stores one version of a secret's value. */
export async function insertSecretVersion(
  db: Queryable,
  secret: Pick<SecretRow, 'id' | 'partnerId' | 'environmentId' | 'name'>,
  version: number,
  value: string,
  createdById: string | null,
): Promise<void> {
  const sealed = sealSecretValue(bindingOf(secret, version), value, masterKeyRing());
  await db.insert(secretVersions).values({ id: newId('sv'), secretId: secret.id, version, createdById, ...sealed });
}

/** Decrypts one version (the current one by default). Throws SecretIntegrityError if anything was altered. */
export async function readSecretValue(
  db: Queryable,
  secret: Pick<SecretRow, 'id' | 'partnerId' | 'environmentId' | 'name' | 'currentVersion'>,
  version = secret.currentVersion,
): Promise<string> {
  const [row] = await db
    .select({
      ciphertext: secretVersions.ciphertext,
      nonce: secretVersions.nonce,
      wrappedDataKey: secretVersions.wrappedDataKey,
      masterKeyId: secretVersions.masterKeyId,
    })
    .from(secretVersions)
    .where(and(eq(secretVersions.secretId, secret.id), eq(secretVersions.version, version)));
  if (!row) throw new NotFoundError(`${secret.name} has no version ${version}.`);
  return openSecretValue(bindingOf(secret, version), row, masterKeyRing());
}

export function openVersionRow(
  secret: Pick<SecretRow, 'partnerId' | 'environmentId' | 'name'>,
  version: number,
  row: { ciphertext: string; nonce: string; wrappedDataKey: string; masterKeyId: string },
): string {
  return openSecretValue(bindingOf(secret, version), row, masterKeyRing());
}

export type AccessActor = { type: 'user'; actor: UserActor } | { type: 'api_key'; keyId: string; label: string };

type TouchedSecret = Pick<SecretRow, 'id' | 'partnerId' | 'environmentId' | 'name'> & { version?: number | null };

/** One access-log row per secret touched, in the caller's transaction. */
export async function recordSecretAccess(
  db: Queryable,
  who: AccessActor,
  action: SecretAccessAction,
  touched: TouchedSecret | TouchedSecret[],
  meta: RequestMeta,
): Promise<void> {
  const list = Array.isArray(touched) ? touched : [touched];
  if (list.length === 0) return;
  const actor =
    who.type === 'user'
      ? { actorType: 'user' as const, actorId: who.actor.userId, actorLabel: who.actor.email }
      : { actorType: 'api_key' as const, actorId: who.keyId, actorLabel: who.label };
  await db.insert(accessLogs).values(
    list.map((s) => ({
      id: newId('acl'),
      partnerId: s.partnerId,
      environmentId: s.environmentId,
      secretId: s.id,
      secretName: s.name,
      version: s.version ?? null,
      ...actor,
      action,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    })),
  );
}
