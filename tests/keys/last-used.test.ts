import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { apiKeys } from '@/db/schema';
import { flushLastUsed } from '@/lib/keys/last-used';
import { callApi } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

const lastUsed = async (id: string) => (await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id)))[0]?.at ?? null;

describe('lastUsedAt', () => {
  it('is written in a batch after the requests, not on the request path, and at most once a minute per key', async () => {
    const org = await createOrg();
    const [a, b] = await Promise.all([issueKey(org.id), issueKey(org.id)]);
    await callApi('GET', '/api/v1/me', { key: a.secret });
    await callApi('GET', '/api/v1/me', { key: b.secret });
    expect(await lastUsed(a.key.id)).toBeNull();
    expect(await flushLastUsed()).toBeGreaterThanOrEqual(2);
    const first = await lastUsed(a.key.id);
    expect(first).toBeInstanceOf(Date);
    expect(await lastUsed(b.key.id)).toBeInstanceOf(Date);
    // Used again within the minute: nothing more to write.
    await callApi('GET', '/api/v1/me', { key: a.secret });
    expect(await flushLastUsed()).toBe(0);
    expect(await lastUsed(a.key.id)).toEqual(first);
  });
});
