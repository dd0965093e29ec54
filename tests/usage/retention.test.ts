import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { requestLogs, usageFlushes, usageLogs } from '@/db/schema';
import { newId } from '@/lib/ids';
import { pruneRequestLogs } from '@/lib/usage/retention';
import { createOrg } from '../support/fixtures';

const DAY = 86_400_000;

describe('request log retention', () => {
  it('deletes only request logs older than the window, in batches, and keeps usage_logs', async () => {
    const org = await createOrg();
    const now = Date.UTC(2031, 5, 20, 12);
    const row = (ageDays: number) => ({
      id: newId('req'),
      partnerId: org.id,
      apiKeyId: 'key_retention',
      method: 'GET',
      path: '/api/v1/me',
      endpoint: '/api/v1/me',
      statusCode: 200,
      latencyMs: 1,
      occurredAt: new Date(now - ageDays * DAY),
    });
    const old = Array.from({ length: 25 }, (_, i) => row(15 + i / 10));
    const recent = [row(13.9), row(1), row(0)];
    await db.insert(requestLogs).values([...old, ...recent]);
    await db.insert(usageLogs).values({
      id: newId('use'),
      partnerId: org.id,
      apiKeyId: 'key_retention',
      endpoint: '/api/v1/me',
      method: 'GET',
      statusCode: 200,
      occurredAt: new Date(now - 30 * DAY),
      requestCount: 5,
    });
    await db.insert(usageFlushes).values([
      { id: newId('ufb'), rows: 1, flushedAt: new Date(now - 3 * DAY) },
      { id: newId('ufb'), rows: 1, flushedAt: new Date(now - 1 * DAY) },
    ]);

    const progress: number[] = [];
    const result = await pruneRequestLogs({ now, days: 14, batchSize: 10, onProgress: (n) => progress.push(n) });

    expect(result.requestLogs).toBe(25);
    expect(progress).toEqual([10, 20, 25]);
    expect(result.usageFlushes).toBe(1);
    const left = await db
      .select({ id: requestLogs.id })
      .from(requestLogs)
      .where(
        inArray(
          requestLogs.id,
          [...old, ...recent].map((r) => r.id),
        ),
      );
    expect(left.map((r) => r.id).sort()).toEqual(recent.map((r) => r.id).sort());
    expect(await db.select().from(usageLogs).where(eq(usageLogs.apiKeyId, 'key_retention'))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(usageFlushes)
        .where(eq(usageFlushes.flushedAt, new Date(now - DAY))),
    ).toHaveLength(1);

    // Nothing left to delete: a second run is a no-op.
    expect((await pruneRequestLogs({ now, days: 14, batchSize: 10 })).requestLogs).toBe(0);
  });
});
