import 'server-only';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Transaction } from '@/db';
import { secrets, type SecretAccessAction, type SecretKind } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { AuditEntry } from '@/lib/audit/write-audit-log';
import type { UserActor } from '@/lib/auth/actor';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { InputError, fieldError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { findEnvironment } from './environments';
import { environmentWritePolicy, secretWritePolicy } from './secret-policy';
import { createSecretInput, rollbackSecretInput, secretIdInput, updateSecretInput } from './secret-input';
import { findSecretByName, insertSecretVersion, loadSecret, readSecretValue, recordSecretAccess, type SecretRow } from './secret-store';

/** Soft-deleted secrets can be restored for this long, then they are purged. */
export const SECRET_RESTORE_DAYS = 30;

export interface SecretChange {
  id: string;
  partnerId: string;
  environmentId: string;
  environment: string;
  name: string;
  kind: SecretKind;
  version: number;
  /** For rollbacks: the version whose value came back. */
  fromVersion?: number;
  restored?: boolean;
}

function changeOf(secret: SecretRow, version: number, extra: Partial<SecretChange> = {}): SecretChange {
  return {
    id: secret.id,
    partnerId: secret.partnerId,
    environmentId: secret.environmentId,
    environment: secret.environmentSlug,
    name: secret.name,
    kind: secret.kind,
    version,
    ...extra,
  };
}

export function secretAudit(action: string, change: SecretChange, metadata: Record<string, unknown> = {}): AuditEntry {
  // Names and versions only: a value never reaches the audit log.
  return {
    action,
    partnerId: change.partnerId,
    targetType: 'secret',
    targetId: change.id,
    metadata: { name: change.name, environment: change.environment, version: change.version, ...metadata },
  };
}

/**
 * Writes a new version of an existing secret (an edit, a rollback, an import) and makes it current.
 * The caller holds the secret's row lock.
 */
export async function appendSecretVersion(
  tx: Parameters<typeof insertSecretVersion>[0],
  secret: SecretRow,
  value: string,
  userId: string | null,
  kind?: SecretKind,
): Promise<number> {
  const version = secret.currentVersion + 1;
  await insertSecretVersion(tx, secret, version, value, userId);
  await tx
    .update(secrets)
    .set({ currentVersion: version, updatedById: userId, deletedAt: null, ...(kind ? { kind } : {}) })
    .where(eq(secrets.id, secret.id));
  return version;
}

export const createSecretSpec: UserActionSpec<typeof createSecretInput, SecretChange, Pick<SecretChange, 'id'>> = {
  name: 'createSecret',
  access: 'user',
  input: createSecretInput,
  policy: (input, actor) => environmentWritePolicy(actor, input),
  async run({ input, tx, actor, meta }) {
    const environment = await findEnvironment(tx, targetPartnerId(actor, input), input.environment);
    const existing = await findSecretByName(tx, environment.id, input.name, { forUpdate: true });
    if (existing && !existing.deletedAt) throw fieldError('name', `${input.name} already exists in ${environment.slug}: edit it to add a version`);
    let change: SecretChange;
    if (existing) {
      // The name of a deleted secret comes back with its history and a new version.
      const version = await appendSecretVersion(tx, existing, input.value, actor.userId, input.kind);
      change = changeOf({ ...existing, kind: input.kind }, version, { restored: true });
    } else {
      const id = newId('sec');
      const row = {
        id,
        partnerId: environment.partnerId,
        environmentId: environment.id,
        name: input.name,
        kind: input.kind,
        currentVersion: 1,
        updatedById: actor.userId,
      };
      await tx.insert(secrets).values(row);
      await insertSecretVersion(tx, row, 1, input.value, actor.userId);
      change = changeOf({ ...row, environmentSlug: environment.slug, deletedAt: null, lastReadAt: null, createdAt: new Date(), updatedAt: new Date() }, 1);
    }
    await recordSecretAccess(tx, { type: 'user', actor }, 'create', { ...change, version: change.version }, meta);
    return change;
  },
  message: (c) => `${c.name} is saved in ${c.environment}${c.restored ? ' (its earlier versions are kept in its history)' : ''}.`,
  data: (c) => ({ id: c.id }),
  audit: (c) => secretAudit('secret.create', c),
};

/**
 * An action on one existing secret: who may is decided by its environment, the row is locked for the
 * transaction, and what `apply` did lands in the access log (and, by `audit`, the audit log).
 */
function secretChangeSpec<TSchema extends z.ZodType<{ secretId: string }>>(spec: {
  name: string;
  input: TSchema;
  access: SecretAccessAction;
  audit: string;
  apply: (secret: SecretRow, input: z.output<TSchema>, ctx: { tx: Transaction; actor: UserActor }) => Promise<SecretChange>;
  message: (change: SecretChange) => string;
}): UserActionSpec<TSchema, SecretChange> {
  return {
    name: spec.name,
    access: 'user',
    input: spec.input,
    policy: (input, _actor, tx) => secretWritePolicy(tx, input.secretId),
    async run({ input, tx, actor, meta }) {
      const secret = await loadSecret(tx, input.secretId, { forUpdate: true });
      const change = await spec.apply(secret, input, { tx, actor });
      await recordSecretAccess(tx, { type: 'user', actor }, spec.access, change, meta);
      return change;
    },
    message: spec.message,
    audit: (c) => secretAudit(spec.audit, c, c.fromVersion ? { fromVersion: c.fromVersion } : {}),
  };
}

function assertNotDeleted(secret: SecretRow): void {
  if (secret.deletedAt) throw new InputError(`${secret.name} is deleted: restore it first.`);
}

export const updateSecretSpec = secretChangeSpec({
  name: 'updateSecret',
  input: updateSecretInput,
  access: 'update',
  audit: 'secret.update',
  async apply(secret, input, { tx, actor }) {
    assertNotDeleted(secret);
    if (input.baseVersion !== undefined && input.baseVersion !== secret.currentVersion) {
      throw new InputError(`${secret.name} changed (now version ${secret.currentVersion}) after you opened it. Reload to see the current version.`);
    }
    const version = await appendSecretVersion(tx, secret, input.value, actor.userId, input.kind);
    return changeOf({ ...secret, kind: input.kind ?? secret.kind }, version);
  },
  message: (c) => `${c.name} is now at version ${c.version}.`,
});

export const rollbackSecretSpec = secretChangeSpec({
  name: 'rollbackSecret',
  input: rollbackSecretInput,
  access: 'rollback',
  audit: 'secret.rollback',
  async apply(secret, input, { tx, actor }) {
    assertNotDeleted(secret);
    if (input.version >= secret.currentVersion) throw fieldError('version', `Choose an earlier version than the current one (${secret.currentVersion})`);
    // History is never rewritten: the old value comes back as a new version.
    const value = await readSecretValue(tx, secret, input.version);
    const version = await appendSecretVersion(tx, secret, value, actor.userId);
    return changeOf(secret, version, { fromVersion: input.version });
  },
  message: (c) => `${c.name} is back to the value of version ${c.fromVersion}, as version ${c.version}.`,
});

export const deleteSecretSpec = secretChangeSpec({
  name: 'deleteSecret',
  input: secretIdInput,
  access: 'delete',
  audit: 'secret.delete',
  async apply(secret, _input, { tx, actor }) {
    if (secret.deletedAt) throw new InputError(`${secret.name} is already deleted.`);
    await tx.update(secrets).set({ deletedAt: new Date(), updatedById: actor.userId }).where(eq(secrets.id, secret.id));
    return changeOf(secret, secret.currentVersion);
  },
  message: (c) => `${c.name} is deleted from ${c.environment}. You can restore it for ${SECRET_RESTORE_DAYS} days.`,
});

export const restoreSecretSpec = secretChangeSpec({
  name: 'restoreSecret',
  input: secretIdInput,
  access: 'restore',
  audit: 'secret.restore',
  async apply(secret, _input, { tx, actor }) {
    if (!secret.deletedAt) throw new InputError(`${secret.name} is not deleted.`);
    if (Date.now() - secret.deletedAt.getTime() > SECRET_RESTORE_DAYS * 86_400_000) {
      throw new InputError(`${secret.name} was deleted more than ${SECRET_RESTORE_DAYS} days ago and can no longer be restored.`);
    }
    await tx.update(secrets).set({ deletedAt: null, updatedById: actor.userId }).where(eq(secrets.id, secret.id));
    return changeOf(secret, secret.currentVersion);
  },
  message: (c) => `${c.name} is restored in ${c.environment}.`,
});
