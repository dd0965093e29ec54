import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { apiKeys } from '@/db/schema';
import { hashApiKey } from '@/lib/keys/key-format';
import { peekKeyByHash, resolveKeyByHash } from '@/lib/keys/key-cache';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

let key: Awaited<ReturnType<typeof issueKey>>;

beforeAll(async () => {
  const org = await createOrg({ name: 'Cached Co' });
  key = await issueKey(org.id);
});

describe('the key cache', () => {
  it('answers a looked-up key from memory for a minute, then reads it again (a missed invalidation lasts at most that long)', async () => {
    const hash = hashApiKey(key.secret);
    expect((await resolveKeyByHash(hash))?.id).toBe(key.key.id);
    const now = Date.now();
    expect(peekKeyByHash(hash, now)?.id).toBe(key.key.id);
    expect(peekKeyByHash(hash, now + 30_000)?.id).toBe(key.key.id);

    // Renamed without an announcement (as if the invalidation were lost): the cache still says the old name …
    await db.update(apiKeys).set({ keyName: 'renamed quietly' }).where(eq(apiKeys.id, key.key.id));
    expect((await resolveKeyByHash(hash))?.keyName).not.toBe('renamed quietly');
    // … until its minute is up: then it is a miss, and the next lookup reads Postgres.
    expect(peekKeyByHash(hash, now + 61_000)).toBeUndefined();
    expect((await resolveKeyByHash(hash))?.keyName).toBe('renamed quietly');
  });

  it('remembers an unknown hash briefly (a flood of made-up keys stays off Postgres), then forgets it', async () => {
    const unknown = hashApiKey('pp_test_NotAKeyOfOurs000000000000000');
    expect(await resolveKeyByHash(unknown)).toBeNull();
    const now = Date.now();
    expect(peekKeyByHash(unknown, now)).toBeNull();
    expect(peekKeyByHash(unknown, now + 11_000)).toBeUndefined();
  });
});
