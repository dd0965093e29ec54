import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { apis, auditLogs, endpoints } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { apiRoutes } from '@/lib/api/routes';
import { refreshEndpointLifecycles } from '@/lib/catalog/endpoint-lifecycle';
import { createApiSpec, createEndpointSpec, deleteEndpointSpec, updateEndpointSpec } from '@/lib/catalog/manage-catalog';
import { syncPortalCatalog } from '@/lib/catalog/sync-portal-catalog';
import { callApi } from '../support/api-client';
import { createCast, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

let cast: Awaited<ReturnType<typeof createCast>>;
let usageKey: string;
beforeAll(async () => {
  cast = await createCast();
  await syncPortalCatalog(db);
  usageKey = (await issueKey(cast.org.id, { scopes: ['usage:read', 'catalog:read'] })).secret;
});

async function portalEndpoint(method: string, path: string) {
  const [row] = await db
    .select()
    .from(endpoints)
    .innerJoin(apis, eq(apis.id, endpoints.apiId))
    .where(and(eq(apis.slug, 'partner-portal'), eq(endpoints.method, method as 'GET'), eq(endpoints.path, path)));
  return row!.endpoints;
}

const setStatus = (e: { id: string; method: string; path: string; requiredScope: string | null }, status: string, sunsetAt = '') =>
  executeAction(
    updateEndpointSpec,
    { endpointId: e.id, method: e.method, path: e.path, requiredScope: e.requiredScope ?? '', status, sunsetAt, description: '' },
    { actor: cast.admin, meta: testMeta },
  );

describe('the portal’s own API in the catalog', () => {
  it('has every /api/v1 route with its scope after the start-up sync, and a second sync changes nothing', async () => {
    const rows = await db.select({ method: endpoints.method, path: endpoints.path, scope: endpoints.requiredScope, source: endpoints.source }).from(endpoints);
    expect(rows.map((r) => `${r.method} ${r.path}`).sort()).toEqual(apiRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(rows.find((r) => r.path === '/usage')).toMatchObject({ scope: 'usage:read', source: 'openapi' });
    expect(await syncPortalCatalog(db)).toMatchObject({ added: 0, retired: 0 });
  });

  it('retires a route the code no longer has, and keeps staff’s deprecation through later syncs', async () => {
    const usage = await portalEndpoint('GET', '/usage');
    expect((await setStatus(usage, 'deprecated', '2027-06-30')).result).toMatchObject({ ok: true });
    const result = await syncPortalCatalog(
      db,
      apiRoutes.filter((r) => r.path !== '/openapi.json'),
    );
    expect(result.retired).toBe(1);
    expect((await portalEndpoint('GET', '/openapi.json')).status).toBe('retired');
    await syncPortalCatalog(db);
    expect((await portalEndpoint('GET', '/usage')).status).toBe('deprecated');
    // Put things back for the other tests.
    await setStatus(await portalEndpoint('GET', '/openapi.json'), 'active');
    await setStatus(usage, 'active');
  });
});

describe('deprecated and retired endpoints of /api/v1', () => {
  it('a deprecated endpoint answers with Deprecation and Sunset headers, an active one without', async () => {
    const before = await callApi('GET', '/api/v1/usage', { key: usageKey });
    expect(before.status).toBe(200);
    expect(before.headers.get('deprecation')).toBeNull();

    const usage = await portalEndpoint('GET', '/usage');
    expect((await setStatus(usage, 'deprecated', '2027-06-30')).result).toMatchObject({ ok: true });
    await refreshEndpointLifecycles(db);
    const deprecatedAt = (await portalEndpoint('GET', '/usage')).deprecatedAt!;
    const answer = await callApi('GET', '/api/v1/usage', { key: usageKey });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('deprecation')).toBe(`@${Math.floor(deprecatedAt.getTime() / 1000)}`);
    expect(answer.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(answer.headers.get('link')).toContain('rel="deprecation"');
    // Errors of a deprecated endpoint carry them too; other endpoints do not.
    expect((await callApi('GET', '/api/v1/usage?granularity=week', { key: usageKey })).headers.get('deprecation')).not.toBeNull();
    expect((await callApi('GET', '/api/v1/me', { key: usageKey })).headers.get('deprecation')).toBeNull();

    const document = await callApi('GET', '/api/v1/openapi.json');
    expect((document.body.paths as Record<string, Record<string, unknown>>)['/usage']!.get).toMatchObject({
      deprecated: true,
      'x-status': 'deprecated',
      'x-sunset': '2027-06-30T00:00:00.000Z',
    });

    const audit = await db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.targetId, usage.id));
    expect(audit.map((a) => a.action)).toContain('endpoint.deprecate');

    await setStatus(usage, 'active');
    await refreshEndpointLifecycles(db);
    expect((await callApi('GET', '/api/v1/usage', { key: usageKey })).headers.get('deprecation')).toBeNull();
  });

  it('a retired endpoint answers 410 problem+json, and the call still counts in the partner’s usage', async () => {
    const usage = await portalEndpoint('GET', '/usage');
    await setStatus(usage, 'retired', '2026-01-31');
    await refreshEndpointLifecycles(db);
    const answer = await callApi('GET', '/api/v1/usage', { key: usageKey });
    expect(answer.status).toBe(410);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ type: '/docs/v1/errors#gone', status: 410, detail: expect.stringContaining('retired on 2026-01-31') });
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
    // No key is still a 401: a retired endpoint tells nothing to strangers it would not tell otherwise.
    expect((await callApi('GET', '/api/v1/usage')).status).toBe(401);
    await setStatus(usage, 'active');
    await refreshEndpointLifecycles(db);
    expect((await callApi('GET', '/api/v1/usage', { key: usageKey })).status).toBe(200);
  });
});

describe('staff editing the catalog', () => {
  it('validates path templates with field errors', async () => {
    const api = await executeAction(createApiSpec, { name: 'Orders', version: 'v2', description: 'Orders of goods' }, { actor: cast.admin, meta: testMeta });
    const apiId = (api.value as { id: string }).id;
    const add = (path: string) => executeAction(createEndpointSpec, { apiId, method: 'GET', path, status: 'active' }, { actor: cast.admin, meta: testMeta });
    for (const path of ['orders', '/orders/{id}/{id}', '/orders?limit=1', '/orders/', '/orders/{1d}', '/or ders']) {
      expect((await add(path)).result, path).toMatchObject({ ok: false, fieldErrors: { path: [expect.any(String)] } });
    }
    for (const path of ['/', '/orders', '/orders/{orderId}/items/{item_id}', '/v1.2/files~x']) {
      expect((await add(path)).result, path).toMatchObject({ ok: true });
    }
    expect((await add('/orders')).result).toMatchObject({ ok: false, fieldErrors: { path: ['This API already has GET /orders'] } });
    expect((await executeAction(createApiSpec, { name: 'Orders', version: 'v2' }, { actor: cast.admin, meta: testMeta })).result).toMatchObject({
      ok: false,
      fieldErrors: { slug: [expect.any(String)] },
    });
  });

  it('keeps the portal’s own endpoints as the code defines them, and refuses writes by anyone but staff admins', async () => {
    const me = await portalEndpoint('GET', '/me');
    const moved = await executeAction(
      updateEndpointSpec,
      { endpointId: me.id, method: 'GET', path: '/whoami', status: 'active' },
      { actor: cast.admin, meta: testMeta },
    );
    expect(moved.result).toMatchObject({ ok: false });
    expect((await executeAction(deleteEndpointSpec, { endpointId: me.id }, { actor: cast.admin, meta: testMeta })).result).toMatchObject({ ok: false });
    for (const actor of [cast.support, cast.partnerAdmin, cast.developer]) {
      expect((await setStatusAs(actor, me)).result, actor.email).toMatchObject({ ok: false });
    }
    expect((await portalEndpoint('GET', '/me')).status).toBe('active');
  });

  it('GET /api/v1/endpoints lists the catalog for a key with catalog:read', async () => {
    const answer = await callApi('GET', '/api/v1/endpoints?q=usage', { key: usageKey });
    expect(answer.status).toBe(200);
    const portal = (
      answer.body.apis as { slug: string; basePath: string; endpoints: { method: string; path: string; requiredScope: string | null; status: string }[] }[]
    ).find((a) => a.slug === 'partner-portal');
    expect(portal).toMatchObject({ basePath: '/api/v1' });
    expect(portal!.endpoints).toContainEqual(expect.objectContaining({ method: 'GET', path: '/usage', requiredScope: 'usage:read', status: 'active' }));
    const noScope = (await issueKey(cast.org.id)).secret;
    expect((await callApi('GET', '/api/v1/endpoints', { key: noScope })).status).toBe(403);
  });
});

function setStatusAs(actor: typeof cast.admin, e: { id: string; method: string; path: string; requiredScope: string | null }) {
  return executeAction(
    updateEndpointSpec,
    { endpointId: e.id, method: e.method, path: e.path, requiredScope: e.requiredScope ?? '', status: 'retired' },
    { actor, meta: testMeta },
  );
}
