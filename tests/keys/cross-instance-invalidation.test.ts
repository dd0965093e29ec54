import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db, getDatabase } from '@/db';
import { connectPostgres } from '@/db/connect';
import { apiKeys } from '@/db/schema';
import { ensureKeyInvalidationListener, INVALIDATION_CHANNEL } from '@/lib/keys/key-invalidation';
import { callApi } from '../support/api-client';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

describe('a change made by another instance', () => {
  it('reaches this instance’s key cache through NOTIFY within a second', async () => {
    const org = await createOrg();
    const key = await issueKey(org.id);
    await ensureKeyInvalidationListener(); // what the runtime does when a server process starts
    expect((await callApi('GET', '/api/v1/me', { key: key.secret })).status).toBe(200); // cached

    // "Another instance": its own connection (Postgres), or the shared engine (PGlite); no local invalidation.
    const handle = getDatabase();
    const other = handle.url ? connectPostgres(handle.url, { max: 1 }) : null;
    const otherDb = other?.db ?? db;
    await otherDb.transaction(async (tx) => {
      await tx.update(apiKeys).set({ revokedAt: new Date(), isActive: false }).where(eq(apiKeys.id, key.key.id));
      await tx.execute(sql`select pg_notify(${INVALIDATION_CHANNEL}, ${JSON.stringify({ keyIds: [key.key.id] })})`);
    });
    await other?.close();

    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 1000) {
      status = (await callApi('GET', '/api/v1/me', { key: key.secret })).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
