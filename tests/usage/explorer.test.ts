import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { requestLogs } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { getRequestLog, listRequestLogs, parseRequestFilters } from '@/lib/usage/request-explorer';
import { actorOf, createCast, createOrg, createUser } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { tenantOf } from '@/lib/auth/tenant';

const query = { page: 1, pageSize: 100, sort: 'occurred' as const, direction: 'desc' as const, q: '' };

async function logRequest(partnerId: string, apiKeyId: string, values: Partial<typeof requestLogs.$inferInsert> = {}) {
  const id = values.id ?? newId('req');
  await db.insert(requestLogs).values({
    id,
    partnerId,
    apiKeyId,
    method: 'GET',
    path: '/api/v1/me',
    endpoint: '/api/v1/me',
    statusCode: 200,
    latencyMs: 4,
    ip: '198.51.100.1',
    userAgent: 'curl/8',
    errorCode: null,
    occurredAt: new Date(),
    ...values,
  });
  return id;
}

describe('request explorer', () => {
  it('filters by key, status, status class, endpoint, request id and time range, newest first', async () => {
    const cast = await createCast();
    const a = await issueKey(cast.org.id, { name: 'a' });
    const b = await issueKey(cast.org.id, { name: 'b' });
    const t = Date.UTC(2030, 0, 10, 12, 0);
    const r1 = await logRequest(cast.org.id, a.key.id, { occurredAt: new Date(t), statusCode: 200 });
    const r2 = await logRequest(cast.org.id, a.key.id, { occurredAt: new Date(t + 60_000), statusCode: 429, path: '/api/v1/keys', endpoint: '/api/v1/keys' });
    const r3 = await logRequest(cast.org.id, b.key.id, {
      occurredAt: new Date(t + 120_000),
      statusCode: 503,
      path: '/api/v1/keys/key_x',
      endpoint: '/api/v1/keys/{id}',
    });
    const ids = async (filters: Record<string, string>) =>
      (await listRequestLogs(tenantOf(cast.partnerAdmin), { ...query, ...parseRequestFilters(filters) })).rows.map((r) => r.id);

    expect(await ids({})).toEqual([r3, r2, r1]);
    expect(await ids({ key: a.key.id })).toEqual([r2, r1]);
    expect(await ids({ key: b.key.tokenPrefix })).toEqual([r3]);
    expect(await ids({ status: '429' })).toEqual([r2]);
    expect(await ids({ class: '5xx' })).toEqual([r3]);
    expect(await ids({ class: '4xx' })).toEqual([r2]);
    expect(await ids({ class: '2xx' })).toEqual([r1]);
    expect(await ids({ endpoint: '/api/v1/keys/{id}' })).toEqual([r3]);
    expect(await ids({ endpoint: '/keys' })).toEqual([r3, r2]);
    expect(await ids({ request: r2 })).toEqual([r2]);
    expect(await ids({ from: '2030-01-10T12:01', to: '2030-01-10T12:01' })).toEqual([r2]);
    expect(await ids({ from: '2030-01-10', to: '2030-01-10' })).toEqual([r3, r2, r1]);
    expect(await ids({ to: '2030-01-09' })).toEqual([]);
    // A malformed filter is ignored rather than failing.
    expect(await ids({ status: 'abc', class: '7xx' })).toEqual([r3, r2, r1]);

    const page = await listRequestLogs(tenantOf(cast.developer), { ...query, pageSize: 2, page: 2 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.id)).toEqual([r1]);
    expect(page.rows[0]!.keyPrefix).toBe(a.key.tokenPrefix);
  });

  it('a partner never reads another organization’s request logs; staff read all or one organization', async () => {
    const cast = await createCast();
    const other = await createOrg();
    const otherAdmin = await actorOf((await createUser({ org: { id: other.id, role: 'partner_admin' } })).id);
    const own = await logRequest(cast.org.id, (await issueKey(cast.org.id)).key.id);
    const foreign = await logRequest(other.id, (await issueKey(other.id)).key.id);

    for (const actor of [cast.partnerAdmin, cast.developer]) {
      const rows = (await listRequestLogs(tenantOf(actor), query)).rows.map((r) => r.id);
      expect(rows).toContain(own);
      expect(rows).not.toContain(foreign);
      // Asking for the other organization, or for its request by id, is a 404.
      await expect(listRequestLogs(tenantOf(actor), { ...query, partner: other.id })).rejects.toBeInstanceOf(NotFoundError);
      await expect(listRequestLogs(tenantOf(actor), { ...query, requestId: foreign })).resolves.toMatchObject({ total: 0 });
      await expect(getRequestLog(tenantOf(actor), foreign)).rejects.toBeInstanceOf(NotFoundError);
      await expect(getRequestLog(tenantOf(actor), own)).resolves.toMatchObject({ id: own, userAgent: 'curl/8' });
    }
    await expect(getRequestLog(tenantOf(otherAdmin), own)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getRequestLog(tenantOf(cast.partnerAdmin), 'req_nothere')).rejects.toBeInstanceOf(NotFoundError);

    for (const staff of [cast.admin, cast.support]) {
      const all = (await listRequestLogs(tenantOf(staff), query)).rows.map((r) => r.id);
      expect(all).toEqual(expect.arrayContaining([own, foreign]));
      expect((await listRequestLogs(tenantOf(staff), { ...query, partner: other.id })).rows.map((r) => r.id)).toEqual([foreign]);
      await expect(getRequestLog(tenantOf(staff), foreign)).resolves.toMatchObject({ partnerId: other.id });
    }
  });
});
