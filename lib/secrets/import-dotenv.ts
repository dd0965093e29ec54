import 'server-only';
import { eq } from 'drizzle-orm';
import type { Queryable, Transaction } from '@/db';
import { secrets, type SecretKind } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { UserActor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { InputError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { parseDotenv, type DotenvEntry } from './dotenv';
import { findEnvironment, type EnvironmentRow } from './environments';
import { environmentWritePolicy } from './secret-policy';
import { importDotenvInput, SECRET_VALUE_MAX_BYTES } from './secret-input';
import { insertSecretVersion, readSecretValue, recordSecretAccess, type SecretRow } from './secret-store';
import { appendSecretVersion } from './write-secrets';

export interface ImportPlan {
  environment: string;
  /** New names (or deleted ones that come back). */
  add: string[];
  /** Existing names whose value differs: each gets a new version. */
  change: string[];
  unchanged: string[];
  /** Problems in the pasted text; nothing is imported while there are any. */
  errors: string[];
  duplicates: string[];
}

function parseForImport(content: string) {
  const parsed = parseDotenv(content);
  const errors = parsed.errors.map((e) => e.message);
  for (const entry of parsed.entries) {
    if (Buffer.byteLength(entry.value, 'utf8') > SECRET_VALUE_MAX_BYTES) errors.push(`Line ${entry.line}: the value of ${entry.name} is over 64 KiB`);
  }
  if (parsed.entries.length === 0 && errors.length === 0) errors.push('There is nothing to import: paste lines such as NAME=value.');
  return { entries: parsed.entries, errors, duplicates: parsed.duplicates };
}

async function existingSecrets(db: Queryable, environment: EnvironmentRow, forUpdate: boolean): Promise<Map<string, SecretRow>> {
  const query = db.select().from(secrets).where(eq(secrets.environmentId, environment.id));
  const rows = forUpdate ? await query.for('update') : await query;
  return new Map(rows.map((r) => [r.name, { ...r, environmentSlug: environment.slug }]));
}

/** Sorts the entries into added, changed and unchanged by comparing with the current values (decrypted, never shown). */
async function classify(db: Queryable, entries: DotenvEntry[], existing: Map<string, SecretRow>) {
  const add: DotenvEntry[] = [];
  const change: { entry: DotenvEntry; secret: SecretRow }[] = [];
  const unchanged: DotenvEntry[] = [];
  for (const entry of entries) {
    const secret = existing.get(entry.name);
    if (!secret || secret.deletedAt) add.push(entry);
    else if ((await readSecretValue(db, secret)) === entry.value) unchanged.push(entry);
    else change.push({ entry, secret });
  }
  return { add, change, unchanged };
}

export interface ImportPreview extends ImportPlan {
  partnerId: string;
  environmentId: string;
}

/**
 * The preview shown before an import: what would be added or changed. Telling `change` from `unchanged`
 * compares each pasted value with the stored one, which answers "is the value X?": so it is a read of
 * every secret compared, logged in the access log like a reveal (`compare`) and audited.
 */
export async function planDotenvImport(
  tx: Queryable,
  actor: UserActor,
  input: { partnerId?: string; environment: string; content: string },
  meta: RequestMeta,
): Promise<ImportPreview> {
  const partnerId = targetPartnerId(actor, input);
  authorize(actor, 'secret.reveal', { partnerId, secretEnvironment: input.environment });
  const environment = await findEnvironment(tx, partnerId, input.environment);
  const { entries, errors, duplicates } = parseForImport(input.content);
  const names = (list: { name: string }[]) => list.map((e) => e.name);
  const where = { partnerId: environment.partnerId, environmentId: environment.id, environment: environment.slug };
  if (errors.length > 0) return { ...where, add: [], change: [], unchanged: [], errors, duplicates };
  const existing = await existingSecrets(tx, environment, false);
  const { add, change, unchanged } = await classify(tx, entries, existing);
  const compared = [...change.map((c) => c.entry.name), ...names(unchanged)].map((name) => existing.get(name)!);
  await recordSecretAccess(
    tx,
    { type: 'user', actor },
    'compare',
    compared.map((secret) => ({ ...secret, version: secret.currentVersion })),
    meta,
  );
  return { ...where, add: names(add), change: change.map((c) => c.entry.name), unchanged: names(unchanged), errors, duplicates };
}

/** The preview as a server action: names only, never a value; each compared secret is in the access log and the preview audited. */
export const previewDotenvImportSpec: UserActionSpec<typeof importDotenvInput, ImportPreview, ImportPlan> = {
  name: 'previewDotenvImport',
  access: 'user',
  input: importDotenvInput,
  policy: (input, actor) => environmentWritePolicy(actor, input, 'secret.reveal'),
  run: ({ input, tx, actor, meta }) => planDotenvImport(tx, actor, input, meta),
  data: ({ environment, add, change, unchanged, errors, duplicates }): ImportPlan => ({ environment, add, change, unchanged, errors, duplicates }),
  audit: (plan) =>
    plan.errors.length > 0
      ? null
      : {
          action: 'secret.import_preview',
          partnerId: plan.partnerId,
          targetType: 'environment',
          targetId: plan.environmentId,
          metadata: { environment: plan.environment, compared: [...plan.change, ...plan.unchanged], added: plan.add },
        },
};

export interface ImportResult {
  partnerId: string;
  environmentId: string;
  environment: string;
  added: string[];
  changed: string[];
  unchanged: number;
}

async function applyImport(
  tx: Transaction,
  actor: UserActor,
  environment: EnvironmentRow,
  entries: DotenvEntry[],
  kind: SecretKind,
  meta: Parameters<typeof recordSecretAccess>[4],
): Promise<ImportResult> {
  const existing = await existingSecrets(tx, environment, true);
  const { add, change, unchanged } = await classify(tx, entries, existing);
  for (const entry of add) {
    const deleted = existing.get(entry.name);
    if (deleted) {
      const version = await appendSecretVersion(tx, deleted, entry.value, actor.userId);
      await recordSecretAccess(tx, { type: 'user', actor }, 'create', { ...deleted, version }, meta);
      continue;
    }
    const row = {
      id: newId('sec'),
      partnerId: environment.partnerId,
      environmentId: environment.id,
      name: entry.name,
      kind,
      currentVersion: 1,
      updatedById: actor.userId,
    };
    await tx.insert(secrets).values(row);
    await insertSecretVersion(tx, row, 1, entry.value, actor.userId);
    await recordSecretAccess(tx, { type: 'user', actor }, 'create', { ...row, version: 1 }, meta);
  }
  for (const { entry, secret } of change) {
    const version = await appendSecretVersion(tx, secret, entry.value, actor.userId);
    await recordSecretAccess(tx, { type: 'user', actor }, 'update', { ...secret, version }, meta);
  }
  return {
    partnerId: environment.partnerId,
    environmentId: environment.id,
    environment: environment.slug,
    added: add.map((e) => e.name),
    changed: change.map((c) => c.entry.name),
    unchanged: unchanged.length,
  };
}

/** Applies a pasted `.env`: all of it in one transaction, or nothing if any line is wrong. */
export const importDotenvSpec: UserActionSpec<typeof importDotenvInput, ImportResult, Pick<ImportResult, 'added' | 'changed' | 'unchanged'>> = {
  name: 'importDotenv',
  access: 'user',
  input: importDotenvInput,
  policy: (input, actor) => environmentWritePolicy(actor, input),
  async run({ input, tx, actor, meta }) {
    const environment = await findEnvironment(tx, targetPartnerId(actor, input), input.environment);
    const { entries, errors } = parseForImport(input.content);
    if (errors.length > 0) throw new InputError('The pasted text has problems; nothing was imported.', { content: errors });
    return applyImport(tx, actor, environment, entries, input.kind, meta);
  },
  message: (r) => `Imported into ${r.environment}: ${r.added.length} added, ${r.changed.length} changed, ${r.unchanged} unchanged.`,
  data: (r) => ({ added: r.added, changed: r.changed, unchanged: r.unchanged }),
  audit: (r) => ({
    action: 'secret.import',
    partnerId: r.partnerId,
    targetType: 'environment',
    targetId: r.environmentId,
    metadata: { environment: r.environment, added: r.added, changed: r.changed, unchanged: r.unchanged },
  }),
};
