import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { accessLogs, auditLogs, secretVersions } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import type { UserActor } from '@/lib/auth/actor';
import { NotFoundError } from '@/lib/errors';
import { planDotenvImport, importDotenvSpec, previewDotenvImportSpec } from '@/lib/secrets/import-dotenv';
import { buildMasterKeyRing, masterKeyRing, setMasterKeyRing } from '@/lib/secrets/master-keys';
import { compareEnvironments, getSecretDetail, listAccessLogs, listSecrets } from '@/lib/secrets/list-secrets';
import { exportEnvironmentSpec, revealSecretSpec } from '@/lib/secrets/read-secrets';
import { rewrapDataKeys } from '@/lib/secrets/rotate-master-key';
import { createSecretSpec, deleteSecretSpec, restoreSecretSpec, rollbackSecretSpec, updateSecretSpec } from '@/lib/secrets/write-secrets';
import { callApi } from '../support/api-client';
import { dumpDatabase } from '../support/dump-database';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { tenantOf } from '@/lib/auth/tenant';

let cast: Awaited<ReturnType<typeof createCast>>;
let foreignAdmin: UserActor;
const as = (actor: UserActor) => ({ actor, meta: testMeta });
const page = { page: 1, pageSize: 100, sort: 'name' as const, direction: 'asc' as const, q: '' };

async function createSecret(actor: UserActor, environment: string, name: string, value: string) {
  const outcome = await executeAction(createSecretSpec, { environment, name, value, kind: 'env_var' }, as(actor));
  if (!outcome.result.ok) throw new Error(JSON.stringify(outcome.result));
  return (outcome.value as { id: string }).id;
}

async function reveal(actor: UserActor, secretId: string, version?: number) {
  const outcome = await executeAction(revealSecretSpec, { secretId, ...(version ? { version } : {}) }, as(actor));
  return outcome.result.ok ? (outcome.result.data as { value: string }).value : outcome.result;
}

async function accessActions(secretId: string) {
  const rows = await db
    .select({ action: accessLogs.action, actorType: accessLogs.actorType, ip: accessLogs.ip })
    .from(accessLogs)
    .where(eq(accessLogs.secretId, secretId))
    .orderBy(accessLogs.occurredAt, accessLogs.id);
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  cast = await createCast();
  const other = await createOrg({ name: 'Initrode' });
  foreignAdmin = await actorOf((await createUser({ org: { id: other.id, role: 'partner_admin' } })).id);
});

describe('secrets at rest', () => {
  it('no table holds a plaintext value, in any version', async () => {
    const values = Array.from({ length: 4 }, (_, i) => `plain-${i}-${randomBytes(12).toString('hex')}`);
    const id = await createSecret(cast.partnerAdmin, 'production', 'AT_REST_CHECK', values[0]!);
    for (const value of values.slice(1)) await executeAction(updateSecretSpec, { secretId: id, value }, as(cast.partnerAdmin));
    await executeAction(importDotenvSpec, { environment: 'staging', content: `IMPORTED="${values[0]}-imported"` }, as(cast.partnerAdmin));
    expect(await reveal(cast.partnerAdmin, id)).toBe(values[3]);
    const dump = await dumpDatabase();
    expect(dump).toContain('AT_REST_CHECK');
    for (const value of values) expect(dump).not.toContain(value.slice(6));
  });
});

describe('versions and rollback', () => {
  it('an edit is a new version; a rollback brings an old value back as a newer version', async () => {
    const id = await createSecret(cast.partnerAdmin, 'production', 'DATABASE_URL', 'postgres://first');
    expect((await executeAction(updateSecretSpec, { secretId: id, value: 'postgres://second', baseVersion: 1 }, as(cast.partnerAdmin))).result).toMatchObject({
      ok: true,
    });
    // An editor opened at version 1 cannot overwrite version 2 unknowingly.
    expect((await executeAction(updateSecretSpec, { secretId: id, value: 'stale', baseVersion: 1 }, as(cast.partnerAdmin))).result).toMatchObject({
      ok: false,
    });
    const rollback = await executeAction(rollbackSecretSpec, { secretId: id, version: 1 }, as(cast.partnerAdmin));
    expect(rollback.result).toMatchObject({ ok: true, message: expect.stringContaining('version 1, as version 3') });
    expect(await reveal(cast.partnerAdmin, id)).toBe('postgres://first');
    expect(await reveal(cast.partnerAdmin, id, 2)).toBe('postgres://second');
    const detail = await getSecretDetail(tenantOf(cast.partnerAdmin), id);
    expect(detail.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(detail.versions.every((v) => v.createdByName === `User ${cast.partnerAdmin.email}`)).toBe(true);
    expect(await accessActions(id)).toEqual(['create', 'update', 'rollback', 'reveal', 'reveal']);
  });

  it('a delete is soft and restorable; the name cannot be taken twice', async () => {
    const id = await createSecret(cast.partnerAdmin, 'staging', 'SOFT_DELETED', 'v1');
    expect(
      (await executeAction(createSecretSpec, { environment: 'staging', name: 'SOFT_DELETED', value: 'again' }, as(cast.partnerAdmin))).result,
    ).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect((await executeAction(deleteSecretSpec, { secretId: id }, as(cast.partnerAdmin))).result).toMatchObject({ ok: true });
    expect((await listSecrets(tenantOf(cast.partnerAdmin, cast.org.id), 'staging', page)).rows.map((r) => r.name)).not.toContain('SOFT_DELETED');
    expect((await listSecrets(tenantOf(cast.partnerAdmin, cast.org.id), 'staging', { ...page, deleted: true })).rows.map((r) => r.name)).toEqual([
      'SOFT_DELETED',
    ]);
    expect((await executeAction(restoreSecretSpec, { secretId: id }, as(cast.partnerAdmin))).result).toMatchObject({ ok: true });
    expect(await reveal(cast.partnerAdmin, id)).toBe('v1');
    expect(await accessActions(id)).toEqual(['create', 'delete', 'restore', 'reveal']);
  });

  it('validates names and sizes with field errors', async () => {
    for (const name of ['database_url', '1ST', 'WITH-DASH', 'WITH SPACE', '']) {
      expect((await executeAction(createSecretSpec, { environment: 'development', name, value: 'x' }, as(cast.partnerAdmin))).result, name).toMatchObject({
        ok: false,
        fieldErrors: { name: [expect.any(String)] },
      });
    }
    const tooBig = await executeAction(
      createSecretSpec,
      { environment: 'development', name: 'TOO_BIG', value: 'é'.repeat(32 * 1024 + 1) },
      as(cast.partnerAdmin),
    );
    expect(tooBig.result).toMatchObject({ ok: false, fieldErrors: { value: ['Values can be at most 64 KiB'] } });
    expect(
      (await executeAction(createSecretSpec, { environment: 'development', name: 'JUST_FITS', value: 'a'.repeat(64 * 1024) }, as(cast.partnerAdmin))).result,
    ).toMatchObject({ ok: true });
  });
});

describe('who may', () => {
  let productionId: string;
  let developmentId: string;
  beforeAll(async () => {
    productionId = await createSecret(cast.partnerAdmin, 'production', 'WHO_MAY_PROD', 'prod-value');
    developmentId = await createSecret(cast.partnerAdmin, 'development', 'WHO_MAY_DEV', 'dev-value');
  });

  it('a developer reveals and writes development only', async () => {
    expect(await reveal(cast.developer, developmentId)).toBe('dev-value');
    expect(await reveal(cast.developer, productionId)).toMatchObject({ ok: false, error: expect.any(String) });
    expect((await executeAction(updateSecretSpec, { secretId: productionId, value: 'hacked' }, as(cast.developer))).result).toMatchObject({ ok: false });
    expect((await executeAction(createSecretSpec, { environment: 'production', name: 'DEV_IN_PROD', value: 'x' }, as(cast.developer))).result).toMatchObject({
      ok: false,
    });
    expect((await executeAction(exportEnvironmentSpec, { environment: 'production' }, as(cast.developer))).result).toMatchObject({ ok: false });
    // Names and metadata are still theirs to see.
    expect((await listSecrets(tenantOf(cast.developer, cast.org.id), 'production', page)).rows.map((r) => r.name)).toContain('WHO_MAY_PROD');
    expect(await reveal(cast.partnerAdmin, productionId)).toBe('prod-value');
  });

  it('support sees names and metadata, never a value', async () => {
    expect((await listSecrets(tenantOf(cast.support, cast.org.id), 'production', page)).rows.map((r) => r.name)).toContain('WHO_MAY_PROD');
    expect((await getSecretDetail(tenantOf(cast.support), productionId)).canWrite).toBe(false);
    for (const secretId of [productionId, developmentId]) expect(await reveal(cast.support, secretId)).toMatchObject({ ok: false });
    expect((await executeAction(exportEnvironmentSpec, { partnerId: cast.org.id, environment: 'development' }, as(cast.support))).result).toMatchObject({
      ok: false,
    });
    expect((await executeAction(rollbackSecretSpec, { secretId: productionId, version: 1 }, as(cast.support))).result).toMatchObject({ ok: false });
  });

  it('another organization’s secret is a 404 everywhere: pages, actions and the API', async () => {
    await expect(getSecretDetail(tenantOf(foreignAdmin), productionId)).rejects.toBeInstanceOf(NotFoundError);
    // Naming the organization does not move a partner user's tenant: it stays their own, where none of this is.
    const foreignTenant = tenantOf(foreignAdmin, cast.org.id);
    expect(foreignTenant.partnerId).toBe(foreignAdmin.membership!.partnerId);
    expect((await listSecrets(foreignTenant, 'production', page)).rows.map((r) => r.name)).not.toContain('WHO_MAY_PROD');
    expect((await listAccessLogs(foreignTenant, { secretId: productionId }, page)).total).toBe(0);
    expect((await compareEnvironments(foreignTenant, 'production', 'staging')).onlyInLeft).not.toContain('WHO_MAY_PROD');
    for (const [spec, input] of [
      [revealSecretSpec, { secretId: productionId }],
      [updateSecretSpec, { secretId: productionId, value: 'x' }],
      [rollbackSecretSpec, { secretId: productionId, version: 1 }],
      [deleteSecretSpec, { secretId: productionId }],
      [restoreSecretSpec, { secretId: productionId }],
      [exportEnvironmentSpec, { partnerId: cast.org.id, environment: 'production' }],
      [createSecretSpec, { partnerId: cast.org.id, environment: 'production', name: 'INTRUDER', value: 'x' }],
    ] as const) {
      const outcome = await executeAction(spec as typeof revealSecretSpec, input as { secretId: string }, as(foreignAdmin));
      expect(outcome.result, spec.name).toEqual({ ok: false, error: 'Not found' });
    }
    const foreignKey = (await issueKey(foreignAdmin.membership!.partnerId, { environment: 'live', scopes: ['secrets:read'] })).secret;
    const pulled = await callApi('GET', '/api/v1/secrets?environment=production', { key: foreignKey });
    expect(pulled.status).toBe(200);
    expect(JSON.stringify(pulled.body)).not.toContain('prod-value');
    expect(await reveal(cast.partnerAdmin, productionId)).toBe('prod-value');
  });
});

describe('GET /api/v1/secrets', () => {
  let liveKey: { secret: string; key: { id: string; tokenPrefix: string } };
  beforeAll(async () => {
    await executeAction(
      importDotenvSpec,
      { environment: 'production', content: 'API_TOKEN=tok_123\nMULTI="line one\nline two"\nEMPTY=\n' },
      as(cast.partnerAdmin),
    );
    liveKey = await issueKey(cast.org.id, { environment: 'live', scopes: ['secrets:read'] });
  });

  it('answers JSON or a .env body, and logs one pull per secret read', async () => {
    const before = (
      await db
        .select()
        .from(accessLogs)
        .where(and(eq(accessLogs.action, 'pull'), eq(accessLogs.actorId, liveKey.key.id)))
    ).length;
    const json = await callApi('GET', '/api/v1/secrets?environment=production', { key: liveKey.secret });
    expect(json.status).toBe(200);
    const secrets = json.body.secrets as { name: string; value: string }[];
    expect(secrets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'API_TOKEN', value: 'tok_123' }),
        expect.objectContaining({ name: 'MULTI', value: 'line one\nline two' }),
        expect.objectContaining({ name: 'EMPTY', value: '' }),
      ]),
    );
    const pulls = await db
      .select({ secretName: accessLogs.secretName, actorLabel: accessLogs.actorLabel, ip: accessLogs.ip })
      .from(accessLogs)
      .where(and(eq(accessLogs.action, 'pull'), eq(accessLogs.actorId, liveKey.key.id)));
    expect(pulls.length - before).toBe(secrets.length);
    expect(pulls.every((p) => p.actorLabel === liveKey.key.tokenPrefix && p.ip === '198.51.100.10')).toBe(true);

    const dotenv = await callApi('GET', '/api/v1/secrets?environment=production&format=dotenv', { key: liveKey.secret }).catch((e: unknown) => e);
    expect(dotenv).toBeInstanceOf(Error); // the test client parses JSON; read the body raw instead
    const { GET } = await import('@/app/api/v1/secrets/route');
    const raw = await GET(
      new Request('http://portal.test/api/v1/secrets?environment=production&format=dotenv', { headers: { authorization: `Bearer ${liveKey.secret}` } }),
      { params: Promise.resolve({}) },
    );
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await raw.text();
    expect(text).toContain('API_TOKEN=tok_123\n');
    expect(text).toContain('MULTI="line one\\nline two"\n');
  });

  it('refuses a test key for production, a key limited to other environments, no scope and unknown environments', async () => {
    const testKey = (await issueKey(cast.org.id, { environment: 'test', scopes: ['secrets:read'] })).secret;
    const refused = await callApi('GET', '/api/v1/secrets?environment=production', { key: testKey });
    expect(refused).toMatchObject({
      status: 403,
      contentType: 'application/problem+json',
      body: { type: '/docs/v1/errors#forbidden', detail: expect.stringContaining('test key') },
    });
    expect((await callApi('GET', '/api/v1/secrets?environment=development', { key: testKey })).status).toBe(200);

    const limited = await issueKeyLimitedTo(['staging']);
    expect((await callApi('GET', '/api/v1/secrets?environment=production', { key: limited })).status).toBe(403);
    expect((await callApi('GET', '/api/v1/secrets?environment=staging', { key: limited })).status).toBe(200);

    const noScope = (await issueKey(cast.org.id, { environment: 'live' })).secret;
    expect((await callApi('GET', '/api/v1/secrets?environment=production', { key: noScope })).body).toMatchObject({
      status: 403,
      type: '/docs/v1/errors#insufficient-scope',
    });
    expect((await callApi('GET', '/api/v1/secrets?environment=qa', { key: liveKey.secret })).body).toMatchObject({
      status: 404,
      detail: 'There is no environment "qa" in your organization.',
    });
    expect((await callApi('GET', '/api/v1/secrets', { key: liveKey.secret })).status).toBe(400);
  });
});

describe('keys limited to secret environments', () => {
  it('can be made through the API, say so, keep the limit through rotation, and pull only those', async () => {
    const manager = (await issueKey(cast.org.id, { environment: 'live', scopes: ['keys:write', 'secrets:read'] })).secret;
    const made = await callApi('POST', '/api/v1/keys', {
      key: manager,
      body: { name: 'ci staging', environment: 'live', scopes: ['secrets:read'], secretEnvironments: 'staging' },
    });
    expect(made.status).toBe(201);
    const created = made.body as { key: { id: string; secretEnvironments: string[] | null }; secret: string };
    expect(created.key.secretEnvironments).toEqual(['staging']);
    expect((await callApi('GET', '/api/v1/secrets?environment=staging', { key: created.secret })).status).toBe(200);
    expect((await callApi('GET', '/api/v1/secrets?environment=production', { key: created.secret })).status).toBe(403);
    const rotated = await callApi('POST', `/api/v1/keys/${created.key.id}/rotate`, { key: manager, body: { grace: 'now' } });
    expect((rotated.body as { key: { secretEnvironments: string[] } }).key.secretEnvironments).toEqual(['staging']);
  });
});

async function issueKeyLimitedTo(environments: string[]): Promise<string> {
  const { issueKey } = await import('../support/key-fixtures');
  const created = await issueKey(cast.org.id, { name: 'limited', environment: 'live', scopes: ['secrets:read'], secretEnvironments: environments });
  return created.secret;
}

describe('every read path is in the access log', () => {
  it('reveal, export and pull each leave rows; imports preview without writing', async () => {
    const id = await createSecret(cast.partnerAdmin, 'development', 'READ_PATHS', 'value-1');
    await reveal(cast.partnerAdmin, id);
    const exported = await executeAction(exportEnvironmentSpec, { environment: 'development' }, as(cast.partnerAdmin));
    expect((exported.result as { data: { content: string } }).data.content).toContain('READ_PATHS=value-1');
    const key = (await issueKey(cast.org.id, { scopes: ['secrets:read'] })).secret;
    await callApi('GET', '/api/v1/secrets?environment=development', { key });
    expect(await accessActions(id)).toEqual(['create', 'reveal', 'export', 'pull']);
    const audited = await db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.partnerId, cast.org.id));
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['secret.create', 'secret.reveal', 'secret.export']));

    // The preview compares values, so each compared secret is logged like a reveal.
    const plan = await planDotenvImport(
      db,
      cast.partnerAdmin,
      { environment: 'development', content: 'READ_PATHS=value-1\nNEW_ONE=1\n# comment\nexport CHANGED_LATER=2' },
      testMeta,
    );
    expect(plan).toMatchObject({ add: ['NEW_ONE', 'CHANGED_LATER'], change: [], unchanged: ['READ_PATHS'], errors: [] });
    expect(await accessActions(id)).toEqual(['create', 'reveal', 'export', 'pull', 'compare']);
    const bad = await planDotenvImport(db, cast.partnerAdmin, { environment: 'development', content: 'lower=1\nOK="unterminated' }, testMeta);
    expect(bad.errors.length).toBe(2);
    expect((await executeAction(importDotenvSpec, { environment: 'development', content: 'lower=1' }, as(cast.partnerAdmin))).result).toMatchObject({
      ok: false,
      fieldErrors: { content: [expect.stringContaining('Line 1')] },
    });
  });

  it('previews an import as a server action: names only, refused where the actor may not write', async () => {
    const preview = await executeAction(
      previewDotenvImportSpec,
      { environment: 'development', content: 'READ_PATHS=value-1\nBRAND_NEW=x' },
      as(cast.developer),
    );
    expect(preview.result).toMatchObject({ ok: true, data: { add: ['BRAND_NEW'], unchanged: ['READ_PATHS'], change: [] } });
    expect(JSON.stringify(preview.result)).not.toContain('value-1');
    expect((await executeAction(previewDotenvImportSpec, { environment: 'production', content: 'A=1' }, as(cast.developer))).result).toMatchObject({
      ok: false,
    });
  });

  it('compares environments by name', async () => {
    const comparison = await compareEnvironments(tenantOf(cast.developer, cast.org.id), 'development', 'production');
    expect(comparison.onlyInLeft).toContain('READ_PATHS');
    expect(comparison.onlyInRight).toContain('DATABASE_URL');
  });
});

describe('master key rotation', () => {
  it('keeps every value readable and leaves no version under the old key', async () => {
    const id = await createSecret(cast.partnerAdmin, 'production', 'ROTATION_CHECK', 'before-rotation');
    const old = masterKeyRing();
    const next = buildMasterKeyRing({ PORTAL_MASTER_KEY: `${process.env.PORTAL_MASTER_KEY},rotated:${randomBytes(32).toString('base64')}`, NODE_ENV: 'test' });
    setMasterKeyRing(next);
    try {
      const progress: number[] = [];
      const result = await rewrapDataKeys(db, next, { batchSize: 3, onProgress: (p) => progress.push(p.done) });
      expect(result.remaining).toBe(0);
      expect(result.done).toBe(result.total);
      expect(progress.length).toBeGreaterThan(2);
      const byKey = await db.select({ masterKeyId: secretVersions.masterKeyId }).from(secretVersions);
      expect(byKey.every((r) => r.masterKeyId === 'rotated')).toBe(true);
      // The old key can go: the new one alone opens everything.
      setMasterKeyRing(buildMasterKeyRing({ PORTAL_MASTER_KEY: `rotated:${next.current.key.toString('base64')}`, NODE_ENV: 'test' }));
      expect(await reveal(cast.partnerAdmin, id)).toBe('before-rotation');
      const exported = await executeAction(exportEnvironmentSpec, { environment: 'production' }, as(cast.partnerAdmin));
      expect(exported.result).toMatchObject({ ok: true });
      expect(old.current.id).not.toBe('rotated');
    } finally {
      setMasterKeyRing(undefined);
    }
  });
});

describe('soft-deleted secrets', () => {
  it('are purged with their versions after 30 days, and can no longer be restored after that', async () => {
    const id = await createSecret(cast.partnerAdmin, 'staging', 'PURGE_ME', 'old');
    await executeAction(deleteSecretSpec, { secretId: id }, as(cast.partnerAdmin));
    const { purgeDeletedSecrets } = await import('@/lib/secrets/purge-deleted-secrets');
    expect(await purgeDeletedSecrets(db, new Date(Date.now() + 29 * 86_400_000))).toBe(0);
    expect(await purgeDeletedSecrets(db, new Date(Date.now() + 31 * 86_400_000))).toBe(1);
    expect(await db.select().from(secretVersions).where(eq(secretVersions.secretId, id))).toEqual([]);
    expect(await accessActions(id)).toEqual(['create', 'delete']);
  });
});
