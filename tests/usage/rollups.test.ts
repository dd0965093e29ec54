import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { usageDailyEndpoints, usageDailyKeys, usageHourly, usageLogs } from '@/db/schema';
import { newId } from '@/lib/ids';
import { writeBatch } from '@/lib/usage/metering-buffer';
import type { RequestRecord } from '@/lib/usage/request-record';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

const sum = async (table: typeof usageHourly | typeof usageDailyKeys | typeof usageDailyEndpoints | typeof usageLogs, partnerId: string) => {
  const [row] = await db
    .select({
      n: sql<string>`coalesce(sum(${table.requestCount}), 0)`,
      b: sql<string>`coalesce(sum(${table.billableCount}), 0)`,
      l4: sql<string>`coalesce(sum(${table.l4}), 0)`,
    })
    .from(table)
    .where(eq(table.partnerId, partnerId));
  return { requests: Number(row?.n), billable: Number(row?.b), l4: Number(row?.l4) };
};

describe('the usage rollups', () => {
  it('agree with usage_logs after every flush, across hours, days and status classes, and a retried batch counts once', async () => {
    const org = await createOrg();
    const [a, b] = await Promise.all([issueKey(org.id), issueKey(org.id)]);
    const day = Date.UTC(2026, 10, 20, 23, 30);
    const records: RequestRecord[] = [];
    for (let i = 0; i < 200; i++) {
      records.push({
        requestId: `req_roll${i}_${Date.now()}`,
        partnerId: org.id,
        apiKeyId: (i % 3 ? a : b).key.id,
        method: i % 5 ? 'GET' : 'POST',
        path: '/api/v1/me',
        endpoint: i % 5 ? '/api/v1/me' : '/api/v1/keys',
        statusCode: [200, 200, 201, 403, 429, 500][i % 6]!,
        latencyMs: 60 + (i % 40),
        ip: null,
        userAgent: null,
        errorCode: null,
        billable: i % 6 !== 3 && i % 6 !== 4,
        occurredAt: day + i * 45_000, // 150 minutes: crosses midnight UTC and three hours
      });
    }
    const first = { id: newId('ufb'), records: records.slice(0, 120) };
    await writeBatch(first);
    await writeBatch(first); // a retry: ignored
    await writeBatch({ id: newId('ufb'), records: records.slice(120) });

    const truth = await sum(usageLogs, org.id);
    expect(truth).toEqual({ requests: 200, billable: records.filter((r) => r.billable).length, l4: 200 });
    for (const table of [usageHourly, usageDailyKeys, usageDailyEndpoints]) expect(await sum(table, org.id)).toEqual(truth);
    const hours = await db.select({ hour: usageHourly.hour }).from(usageHourly).where(eq(usageHourly.partnerId, org.id)).groupBy(usageHourly.hour);
    expect(hours).toHaveLength(3);
    const days = await db.select({ day: usageDailyKeys.day }).from(usageDailyKeys).where(eq(usageDailyKeys.partnerId, org.id)).groupBy(usageDailyKeys.day);
    expect(days).toHaveLength(2);
    const classes = await db.select({ c: usageHourly.statusClass }).from(usageHourly).where(eq(usageHourly.partnerId, org.id)).groupBy(usageHourly.statusClass);
    expect(classes.map((c) => c.c).sort()).toEqual(['2xx', '4xx', '5xx']);
  });
});
