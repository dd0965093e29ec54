import { describe, expect, it } from 'vitest';
import { executeAction } from '@/lib/actions/execute-action';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { getKeyDetail } from '@/lib/keys/get-key-detail';
import { listKeys } from '@/lib/keys/list-keys';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { NotFoundError } from '@/lib/errors';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';
import { tenantOf } from '@/lib/auth/tenant';

const query = { page: 1, pageSize: 25, sort: 'created' as const, direction: 'desc' as const, q: '' };

describe('the keys pages’ queries', () => {
  it('show a key with its lineage and history; developers get no audit history; other orgs get a 404', async () => {
    const cast = await createCast();
    const made = await executeAction(createKeySpec, { name: 'Lineage', environment: 'test' }, { actor: cast.partnerAdmin, meta: testMeta });
    const rotated = await executeAction(rotateKeySpec, { keyId: made.value!.key.id, grace: '7d' }, { actor: cast.partnerAdmin, meta: testMeta });
    expect(rotated.result.ok && rotated.result.message).toMatch(/keeps working until \w{3} \d{1,2}, \d{4}, .* UTC/);

    const oldDetail = await getKeyDetail(tenantOf(cast.partnerAdmin), made.value!.key.id);
    expect(oldDetail.status).toBe('expiring');
    expect(oldDetail.rotatedTo.map((k) => k.id)).toEqual([rotated.value!.key.id]);
    expect(oldDetail.history.map((h) => h.action).sort()).toEqual(['key.create', 'key.rotate']);
    expect(oldDetail.canWrite).toBe(true);
    expect(oldDetail.partner.keyRateLimitPerMinute).toBe(600);
    expect(JSON.stringify(oldDetail)).not.toContain('keyHash');

    const newDetail = await getKeyDetail(tenantOf(cast.developer), rotated.value!.key.id);
    expect(newDetail.rotatedFrom?.id).toBe(made.value!.key.id);
    expect(newDetail.canReadHistory).toBe(false);
    expect(newDetail.history).toEqual([]);

    const stranger = await actorOf((await createUser({ org: { id: (await createOrg()).id, role: 'partner_admin' } })).id);
    await expect(getKeyDetail(tenantOf(stranger), made.value!.key.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await listKeys(tenantOf(stranger), query)).total).toBe(0);
    expect((await listKeys(tenantOf(cast.support), query)).total).toBeGreaterThanOrEqual(2);
  });

  it('filter the table by status and environment, in SQL', async () => {
    const cast = await createCast();
    const a = await executeAction(createKeySpec, { name: 'Alpha', environment: 'test' }, { actor: cast.partnerAdmin, meta: testMeta });
    await executeAction(createKeySpec, { name: 'Beta', environment: 'live' }, { actor: cast.partnerAdmin, meta: testMeta });
    await executeAction(rotateKeySpec, { keyId: a.value!.key.id, grace: 'now' }, { actor: cast.partnerAdmin, meta: testMeta });
    const names = async (filters: object) =>
      (await listKeys(tenantOf(cast.partnerAdmin), { ...query, sort: 'name', direction: 'asc', ...filters })).rows.map((r) => `${r.keyName}:${r.status}`);
    // The two Alphas tie on the name; their order between them is the id's.
    expect((await names({})).sort()).toEqual(['Alpha:active', 'Alpha:expired', 'Beta:active']);
    expect(await names({ status: 'expired' })).toEqual(['Alpha:expired']);
    expect(await names({ environment: 'live' })).toEqual(['Beta:active']);
    expect(await names({ q: 'bet' })).toEqual(['Beta:active']);
  });
});
