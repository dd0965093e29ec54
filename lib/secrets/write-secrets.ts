import 'server-only';
import { eq } from 'drizzle-orm';
import { secrets, type SecretKind } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { AuditEntry } from '@/lib/audit/write-audit-log';
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
  return { id: secret.id, partnerId: secret.partnerId, environmentId: secret.environmentId, environment: secret.environmentSlug, name: secret.name, kind: secret.kind, version, ...extra };
}

export function secretAudit(action: string, change: SecretChange, metadata: Record<string, unknown> = {}): AuditEntry {
  // Names and versions only: a value never reaches the audit log.
  return { action, partnerId: change.partnerId, targetType: 'secret', targetId: change.id, metadata: { name: change.name, environment: change.environment, version: change.version, ...metadata } };
}

/**
 * Writes a new version of an existing secret (an edit, a rollback, an import) and makes it current.
 * The caller holds the secret's row lock.
 */
export async function appendSecretVersion(tx: Parameters<typeof insertSecretVersion>[0], secret: SecretRow, value: string, userId: string | null, kind?: SecretKind): Promise<number> {
  const version = secret.currentVersion + 1;
  await insertSecretVersion(tx, secret, version, value, userId);
  await tx
    .update(secrets)
    .set({ currentVersion: version, updatedById: userId, deletedAt: null, ...(kind ? { kind } : {}) })
    .where(eq(secrets.id, secret.id));
  return version;
}

export const createSecretSpec: UserActionSpec<typeof createSecretInput, SecretChange> = {
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
      const row = { id, partnerId: environment.partnerId, environmentId: environment.id, name: input.name, kind: input.kind, currentVersion: 1, updatedById: actor.userId };
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

export const updateSecretSpec: UserActionSpec<typeof updateSecretInput, SecretChange> = {
  name: 'updateSecret',
  access: 'user',
  input: updateSecretInput,
  policy: (input, _actor, tx) => secretWritePolicy(tx, input.secretId),
  async run({ input, tx, actor, meta }) {
    const secret = await loadSecret(tx, input.secretId, { forUpdate: true });
    if (secret.deletedAt) throw new InputError(`${secret.name} is deleted: restore it first.`);
    if (input.baseVersion !== undefined && input.baseVersion !== secret.currentVersion) {
      throw new InputError(`${secret.name} changed (now version ${secret.currentVersion}) after you opened it. Reload to see the current version.`);
    }
    const version = await appendSecretVersion(tx, secret, input.value, actor.userId, input.kind);
    const change = changeOf({ ...secret, kind: input.kind ?? secret.kind }, version);
    await recordSecretAccess(tx, { type: 'user', actor }, 'update', change, meta);
    return change;
  },
  message: (c) => `${c.name} is now at version ${c.version}.`,
  audit: (c) => secretAudit('secret.update', c),
};

export const rollbackSecretSpec: UserActionSpec<typeof rollbackSecretInput, SecretChange> = {
  name: 'rollbackSecret',
  access: 'user',
  input: rollbackSecretInput,
  policy: (input, _actor, tx) => secretWritePolicy(tx, input.secretId),
  async run({ input, tx, actor, meta }) {
    const secret = await loadSecret(tx, input.secretId, { forUpdate: true });
    if (secret.deletedAt) throw new InputError(`${secret.name} is deleted: restore it first.`);
    if (input.version >= secret.currentVersion) throw fieldError('version', `Choose an earlier version than the current one (${secret.currentVersion})`);
    // History is never rewritten: the old value comes back as a new version.
    const value = await readSecretValue(tx, secret, input.version);
    const version = await appendSecretVersion(tx, secret, value, actor.userId);
    const change = changeOf(secret, version, { fromVersion: input.version });
    await recordSecretAccess(tx, { type: 'user', actor }, 'rollback', change, meta);
    return change;
  },
  message: (c) => `${c.name} is back to the value of version ${c.fromVersion}, as version ${c.version}.`,
  audit: (c) => secretAudit('secret.rollback', c, { fromVersion: c.fromVersion }),
};

export const deleteSecretSpec: UserActionSpec<typeof secretIdInput, SecretChange> = {
  name: 'deleteSecret',
  access: 'user',
  input: secretIdInput,
  policy: (input, _actor, tx) => secretWritePolicy(tx, input.secretId),
  async run({ input, tx, actor, meta }) {
    const secret = await loadSecret(tx, input.secretId, { forUpdate: true });
    if (secret.deletedAt) throw new InputError(`${secret.name} is already deleted.`);
    await tx.update(secrets).set({ deletedAt: new Date(), updatedById: actor.userId }).where(eq(secrets.id, secret.id));
    const change = changeOf(secret, secret.currentVersion);
    await recordSecretAccess(tx, { type: 'user', actor }, 'delete', change, meta);
    return change;
  },
  message: (c) => `${c.name} is deleted from ${c.environment}. You can restore it for ${SECRET_RESTORE_DAYS} days.`,
  audit: (c) => secretAudit('secret.delete', c),
};

export const restoreSecretSpec: UserActionSpec<typeof secretIdInput, SecretChange> = {
  name: 'restoreSecret',
  access: 'user',
  input: secretIdInput,
  policy: (input, _actor, tx) => secretWritePolicy(tx, input.secretId),
  async run({ input, tx, actor, meta }) {
    const secret = await loadSecret(tx, input.secretId, { forUpdate: true });
    if (!secret.deletedAt) throw new InputError(`${secret.name} is not deleted.`);
    if (Date.now() - secret.deletedAt.getTime() > SECRET_RESTORE_DAYS * 86_400_000) throw new InputError(`${secret.name} was deleted more than ${SECRET_RESTORE_DAYS} days ago and can no longer be restored.`);
    await tx.update(secrets).set({ deletedAt: null, updatedById: actor.userId }).where(eq(secrets.id, secret.id));
    const change = changeOf(secret, secret.currentVersion);
    await recordSecretAccess(tx, { type: 'user', actor }, 'restore', change, meta);
    return change;
  },
  message: (c) => `${c.name} is restored in ${c.environment}.`,
  audit: (c) => secretAudit('secret.restore', c),
};
