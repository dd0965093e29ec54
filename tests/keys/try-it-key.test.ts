import { describe, expect, it } from 'vitest';
import { performAction } from '@/lib/actions/execute-action';
import { tenantOf } from '@/lib/auth/tenant';
import { listKeys } from '@/lib/keys/list-keys';
import { createTryItKeySpec, TRY_IT_SCOPES } from '@/lib/keys/try-it-key';
import { callApi } from '../support/api-client';
import { createCast, testMeta } from '../support/fixtures';

describe('the try-it console’s own key', () => {
  it('is a read-only test key for one hour, listed as such, that calls GET /me and nothing that writes', async () => {
    const cast = await createCast();
    const started = Date.now();
    const { key, secret } = await performAction(createTryItKeySpec, {}, { actor: cast.developer, meta: testMeta });
    expect(key.environment).toBe('test');
    expect([...key.scopes].sort()).toEqual([...TRY_IT_SCOPES].sort());
    expect(key.purpose).toBe('try_it');
    expect(key.expiresAt!.getTime() - started).toBeGreaterThan(59 * 60_000);
    expect(key.expiresAt!.getTime() - started).toBeLessThanOrEqual(61 * 60_000);

    const listed = await listKeys(tenantOf(cast.partnerAdmin), { page: 1, pageSize: 25, sort: 'created', direction: 'desc', q: '' });
    expect(listed.rows.find((r) => r.id === key.id)?.purpose).toBe('try_it');

    const me = await callApi('GET', '/api/v1/me', { key: secret });
    expect(me.status).toBe(200);
    const create = await callApi('POST', '/api/v1/keys', { key: secret, body: { name: 'nope', environment: 'test' } });
    expect(create.status).toBe(403);
  });
});
