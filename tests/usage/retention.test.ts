import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { requestLogs, usageFlushes, usageLogs } from '@/db/schema';
import { newId } from '@/lib/ids';
import { ensureRequestLogPartitions, listRequestLogPartitions, pruneRequestLogs } from '@/lib/usage/retention';
import { PARTITION_DAYS_AHEAD, partitionName } from '@/lib/usage/retention-window';
import { createOrg } from '../support/fixtures';

const DAY = 86_400_000;

async function rows<T>(statement: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The partition each request landed in. */
async function partitionsOf(ids: string[]): Promise<Map<string, string>> {
  const found = await rows<{ id: string; part: string }>(
    sql`select id, tableoid::regclass::text as part from request_logs where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  return new Map(found.map((r) => [r.id, r.part.replaceAll('"', '')]));
}

describe('request_logs partitions', () => {
  it('is partitioned by range of occurred_at, with a default partition and today and the coming days ready', async () => {
    const [partitioned] = await rows<{ strategy: string; key: string }>(
      sql`select partstrat as strategy, pg_get_partkeydef('request_logs'::regclass) as key from pg_partitioned_table where partrelid = 'request_logs'::regclass`,
    );
    expect(partitioned).toEqual({ strategy: 'r', key: 'RANGE (occurred_at)' });
    const names = await listRequestLogPartitions();
    expect(names).toContain('request_logs_default');
    // The migration created today's (of when the test database was made) and the next 7 days'.
    await ensureRequestLogPartitions();
    const now = Date.now();
    const after = await listRequestLogPartitions();
    for (let i = 0; i <= PARTITION_DAYS_AHEAD; i++) expect(after).toContain(partitionName(now + i * DAY));
  });

  it('creates the coming days ahead idempotently, and an insert for any day works', async () => {
    const now = Date.UTC(2032, 2, 10, 18);
    const first = await ensureRequestLogPartitions({ now });
    expect(first.created).toEqual(Array.from({ length: PARTITION_DAYS_AHEAD + 1 }, (_, i) => partitionName(now + i * DAY)));
    expect(first.created[0]).toBe('request_logs_p20320310');
    const again = await ensureRequestLogPartitions({ now });
    expect(again).toEqual({ created: [], movedFromDefault: 0 });

    const org = await createOrg();
    const at = (ms: number) => ({
      id: newId('req'),
      partnerId: org.id,
      apiKeyId: 'key_future',
      method: 'GET',
      path: '/api/v1/me',
      endpoint: '/api/v1/me',
      statusCode: 200,
      latencyMs: 1,
      occurredAt: new Date(ms),
    });
    // A day ahead (its partition exists), and a day nobody prepared: the default partition takes it.
    const ahead = at(now + 3 * DAY);
    const unprepared = at(now + 40 * DAY);
    await db.insert(requestLogs).values([ahead, unprepared]);
    let where = await partitionsOf([ahead.id, unprepared.id]);
    expect(where.get(ahead.id)).toBe(partitionName(now + 3 * DAY));
    expect(where.get(unprepared.id)).toBe('request_logs_default');

    // The next run moves it into its own day's partition.
    const moved = await ensureRequestLogPartitions({ now });
    expect(moved).toEqual({ created: [partitionName(now + 40 * DAY)], movedFromDefault: 1 });
    where = await partitionsOf([ahead.id, unprepared.id]);
    expect(where.get(unprepared.id)).toBe(partitionName(now + 40 * DAY));
    expect(await rows(sql`select 1 from request_logs_default`)).toHaveLength(0);
    // A request id retried with the same instant is one row (the flush's ON CONFLICT target).
    await db
      .insert(requestLogs)
      .values(ahead)
      .onConflictDoNothing({ target: [requestLogs.id, requestLogs.occurredAt] });
    expect(await db.select().from(requestLogs).where(eq(requestLogs.id, ahead.id))).toHaveLength(1);
  });
});

describe('request log retention', () => {
  it('drops whole day partitions older than the window, keeps the one straddling the cut-off, and keeps usage_logs', async () => {
    const org = await createOrg();
    const now = Date.UTC(2031, 5, 20, 12); // cut-off at 14 days: 2031-06-06 12:00 UTC
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
    // 2031-06-03 … 2031-06-05: wholly older than the window.
    const old = Array.from({ length: 25 }, (_, i) => row(15 + i / 10));
    // 2031-06-06 07:12: older than the cut-off, but its day's partition straddles it: kept for now.
    const straddling = row(14.2);
    const recent = [row(13.9), row(1), row(0)];
    // No partition exists for these days yet: they land in the default partition and are sorted out by the job.
    await db.insert(requestLogs).values([...old, straddling, ...recent]);
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

    const progress: string[] = [];
    const result = await pruneRequestLogs({ now, days: 14, onProgress: (line) => progress.push(line) });

    expect(result.cutoff).toEqual(new Date(Date.UTC(2031, 5, 6, 12)));
    expect(result.movedFromDefault).toBe(29);
    // (The partitions of the test database's real days are older than 2031's window too, and go as well.)
    const of2031 = (names: string[]) => names.filter((name) => name.startsWith('request_logs_p2031'));
    expect(of2031(result.droppedPartitions)).toEqual(['request_logs_p20310603', 'request_logs_p20310604', 'request_logs_p20310605']);
    expect(progress).toContain('dropped request_logs_p20310605');
    expect(result.usageFlushes).toBe(1);
    const partitions = await listRequestLogPartitions();
    for (const gone of result.droppedPartitions) expect(partitions).not.toContain(gone);
    expect(partitions).toEqual(
      expect.arrayContaining(['request_logs_p20310606', 'request_logs_p20310619', 'request_logs_p20310620', 'request_logs_p20310627']),
    );

    const all = [...old, straddling, ...recent];
    const left = await db
      .select({ id: requestLogs.id })
      .from(requestLogs)
      .where(
        inArray(
          requestLogs.id,
          all.map((r) => r.id),
        ),
      );
    expect(left.map((r) => r.id).sort()).toEqual([straddling, ...recent].map((r) => r.id).sort());
    expect(await rows(sql`select 1 from request_logs_default`)).toHaveLength(0);
    expect(await db.select().from(usageLogs).where(eq(usageLogs.apiKeyId, 'key_retention'))).toHaveLength(1);
    expect(
      await db
        .select()
        .from(usageFlushes)
        .where(eq(usageFlushes.flushedAt, new Date(now - DAY))),
    ).toHaveLength(1);

    // Nothing left to do: a second run is a no-op.
    const again = await pruneRequestLogs({ now, days: 14 });
    expect(again).toMatchObject({ created: [], movedFromDefault: 0, droppedPartitions: [], usageFlushes: 0 });

    // A day later the straddling day is wholly outside the window: its partition goes, with the row.
    const later = await pruneRequestLogs({ now: now + DAY, days: 14 });
    expect(of2031(later.droppedPartitions)).toEqual(['request_logs_p20310606']);
    expect(await db.select().from(requestLogs).where(eq(requestLogs.id, straddling.id))).toHaveLength(0);
    // (with the request of the same day inside the window: whole days go)
    expect(await db.select().from(requestLogs).where(eq(requestLogs.id, recent[0]!.id))).toHaveLength(0);
    expect(await db.select().from(requestLogs).where(eq(requestLogs.id, recent[1]!.id))).toHaveLength(1);
  });
});
