import { describe, expect, it, vi } from 'vitest';
import { executeAction } from '@/lib/actions/execute-action';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { callApi } from '../support/api-client';
import { dumpDatabase } from '../support/dump-database';
import { createCast, testMeta } from '../support/fixtures';

describe('the raw key', () => {
  it('appears in no table and no log line, whether made in the portal, by rotation or by the API', async () => {
    const logged: string[] = [];
    const capture = (...args: unknown[]) =>
      void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation(capture));

    const cast = await createCast();
    const secrets: string[] = [];
    const made = await executeAction(
      createKeySpec,
      { name: 'Dumped', environment: 'test', scopes: 'keys:write' },
      { actor: cast.partnerAdmin, meta: testMeta },
    );
    secrets.push(made.value!.secret);
    const rotated = await executeAction(rotateKeySpec, { keyId: made.value!.key.id, grace: '24h' }, { actor: cast.partnerAdmin, meta: testMeta });
    secrets.push(rotated.value!.secret);
    // The rotated-out key may still call but not mint keys: the new one does.
    const viaApi = await callApi('POST', '/api/v1/keys', { key: rotated.value!.secret, body: { name: 'By API', environment: 'test' } });
    secrets.push(viaApi.body.secret as string);
    // Use them all, so that the guard, the cache and the last-used writer have seen them.
    for (const secret of secrets) expect((await callApi('GET', '/api/v1/me', { key: secret })).status).toBe(200);
    await callApi('GET', '/api/v1/me', { key: `${secrets[0]!.slice(0, -1)}x` });

    for (const spy of spies) spy.mockRestore();
    const dump = await dumpDatabase();
    expect(dump).toContain(made.value!.key.tokenPrefix); // the dump does include the key rows
    for (const secret of secrets) {
      expect(secret).toMatch(/^pp_test_/);
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(14)); // nor the part after the display prefix
      expect(logged.join('\n')).not.toContain(secret.slice(14));
    }
  });
});
