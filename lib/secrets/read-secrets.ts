import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { secrets, secretVersions } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { InputError } from '@/lib/errors';
import { serializeDotenv } from './dotenv';
import { findEnvironment, type EnvironmentRow } from './environments';
import { environmentWritePolicy, secretWritePolicy } from './secret-policy';
import { exportEnvironmentInput, secretVersionInput } from './secret-input';
import { loadSecret, openVersionRow, readSecretValue, recordSecretAccess, type AccessActor } from './secret-store';
import { secretAudit, type SecretChange } from './write-secrets';

export interface RevealedSecret extends SecretChange {
  value: string;
}

/** Shows one version's value (the current by default) to someone allowed to write it; logged and audited. */
export const revealSecretSpec: UserActionSpec<typeof secretVersionInput, RevealedSecret, Pick<RevealedSecret, 'value' | 'version'>> = {
  name: 'revealSecret',
  access: 'user',
  input: secretVersionInput,
  policy: (input, _actor, tx) => secretWritePolicy(tx, input.secretId, 'secret.reveal'),
  async run({ input, tx, actor, meta }) {
    const secret = await loadSecret(tx, input.secretId);
    if (secret.deletedAt) throw new InputError(`${secret.name} is deleted: restore it to see its value.`);
    const version = input.version ?? secret.currentVersion;
    const value = await readSecretValue(tx, secret, version);
    await tx.update(secrets).set({ lastReadAt: new Date() }).where(eq(secrets.id, secret.id));
    const change = {
      id: secret.id,
      partnerId: secret.partnerId,
      environmentId: secret.environmentId,
      environment: secret.environmentSlug,
      name: secret.name,
      kind: secret.kind,
      version,
    };
    await recordSecretAccess(tx, { type: 'user', actor }, 'reveal', change, meta);
    return { ...change, value };
  },
  data: (r) => ({ value: r.value, version: r.version }),
  audit: (r) => secretAudit('secret.reveal', r),
};

export interface DecryptedSecret {
  id: string;
  name: string;
  kind: SecretChange['kind'];
  version: number;
  value: string;
  updatedAt: Date;
}

/**
 * Every live secret of an environment, decrypted, with one access-log row per secret and their
 * `lastReadAt` updated. The caller has checked who may read and runs this in a transaction.
 */
export async function readEnvironmentSecrets(
  tx: Queryable,
  environment: EnvironmentRow,
  who: AccessActor,
  action: 'pull' | 'export',
  meta: RequestMeta,
): Promise<DecryptedSecret[]> {
  const rows = await tx
    .select({
      secret: secrets,
      sealed: {
        ciphertext: secretVersions.ciphertext,
        nonce: secretVersions.nonce,
        wrappedDataKey: secretVersions.wrappedDataKey,
        masterKeyId: secretVersions.masterKeyId,
      },
    })
    .from(secrets)
    .innerJoin(secretVersions, and(eq(secretVersions.secretId, secrets.id), eq(secretVersions.version, secrets.currentVersion)))
    .where(and(eq(secrets.environmentId, environment.id), isNull(secrets.deletedAt)))
    .orderBy(asc(secrets.name));
  const values = rows.map(({ secret, sealed }) => ({
    id: secret.id,
    name: secret.name,
    kind: secret.kind,
    version: secret.currentVersion,
    value: openVersionRow(secret, secret.currentVersion, sealed),
    updatedAt: secret.updatedAt,
  }));
  if (rows.length > 0) {
    await tx
      .update(secrets)
      .set({ lastReadAt: new Date() })
      .where(
        inArray(
          secrets.id,
          rows.map((r) => r.secret.id),
        ),
      );
    await recordSecretAccess(
      tx,
      who,
      action,
      rows.map(({ secret }) => ({ ...secret, version: secret.currentVersion })),
      meta,
    );
  }
  return values;
}

export interface ExportedEnvironment {
  partnerId: string;
  environmentId: string;
  environment: string;
  filename: string;
  content: string;
  count: number;
}

/** Downloads an environment as a `.env` file: every value is read, so each one is logged, and the export audited. */
export const exportEnvironmentSpec: UserActionSpec<typeof exportEnvironmentInput, ExportedEnvironment, Pick<ExportedEnvironment, 'filename' | 'content'>> = {
  name: 'exportEnvironment',
  access: 'user',
  input: exportEnvironmentInput,
  policy: (input, actor) => environmentWritePolicy(actor, input, 'secret.reveal'),
  async run({ input, tx, actor, meta }) {
    const environment = await findEnvironment(tx, targetPartnerId(actor, input), input.environment);
    const values = await readEnvironmentSecrets(tx, environment, { type: 'user', actor }, 'export', meta);
    return {
      partnerId: environment.partnerId,
      environmentId: environment.id,
      environment: environment.slug,
      filename: `${environment.slug}.env`,
      content: serializeDotenv(values),
      count: values.length,
    };
  },
  message: (e) => `Exported ${e.count} secret${e.count === 1 ? '' : 's'} of ${e.environment}.`,
  data: (e) => ({ filename: e.filename, content: e.content }),
  audit: (e) => ({
    action: 'secret.export',
    partnerId: e.partnerId,
    targetType: 'environment',
    targetId: e.environmentId,
    metadata: { environment: e.environment, count: e.count },
  }),
};
