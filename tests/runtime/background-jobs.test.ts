import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { alerts, jobRuns, partners, requestLogs, secrets, usageLogs } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { newId } from '@/lib/ids';
import { periodClaimer } from '@/lib/runtime/cluster-periods';
import { registeredJobs, runDueJobs, runtimeStatus, startRuntime, stopRuntime } from '@/lib/runtime/jobs';
import { createSecretSpec } from '@/lib/secrets/write-secrets';
// What lib/runtime/start.ts loads in a server process: every capability's jobs.
import '@/lib/usage/metering-jobs';
import '@/lib/keys/last-used';
import '@/lib/alerts/alert-jobs';
import '@/lib/secrets/secret-jobs';
import { createCast, testMeta } from '../support/fixtures';

const MIN = 60_000;
const DAY = 86_400_000;

describe('the process runtime', () => {
  it('an instance that serves no API traffic evaluates alerts, prunes request logs and purges deleted secrets (fake clock)', async () => {
    let now = Date.UTC(2033, 4, 15, 12, 0);
    const cast = await createCast();
    await db.update(partners).set({ monthlyQuota: 100 }).where(eq(partners.id, cast.org.id));

    // Usage near the organization's quota (written by some other instance), a request log far past the
    // retention window, and a secret deleted more than 30 days ago.
    await db.insert(usageLogs).values({
      id: newId('use'),
      partnerId: cast.org.id,
      apiKeyId: 'key_other_instance',
      endpoint: '/api/v1/me',
      method: 'GET',
      statusCode: 200,
      occurredAt: new Date(now - DAY),
      requestCount: 90,
      billableCount: 90,
    });
    const oldLog = {
      id: newId('req'),
      partnerId: cast.org.id,
      apiKeyId: 'key_other_instance',
      method: 'GET',
      path: '/api/v1/me',
      endpoint: '/api/v1/me',
      statusCode: 200,
      latencyMs: 1,
      occurredAt: new Date(now - 40 * DAY),
    };
    await db.insert(requestLogs).values(oldLog);
    const created = await executeAction(
      createSecretSpec,
      { environment: 'development', name: 'GONE', value: 'x' },
      { actor: cast.partnerAdmin, meta: testMeta },
    );
    const secretId = (created.value as { id: string }).id;
    await db
      .update(secrets)
      .set({ deletedAt: new Date(now - 31 * DAY) })
      .where(eq(secrets.id, secretId));

    await startRuntime({ clock: () => now, claim: periodClaimer(() => db), tick: false });
    try {
      expect(registeredJobs().map((j) => j.name)).toEqual(
        expect.arrayContaining(['metering.flush', 'keys.last-used', 'alerts.evaluate', 'request-logs.retention', 'secrets.purge-deleted']),
      );
      // The first minutes belong to serving: alerts run at once, the hourly jobs after 5 minutes.
      expect(await runDueJobs(now)).toEqual(expect.arrayContaining(['alerts.evaluate']));
      const open = await db.select().from(alerts).where(eq(alerts.partnerId, cast.org.id));
      expect(open.map((a) => [a.kind, a.apiKeyId])).toEqual([['quota_80', null]]);

      now += 6 * MIN;
      const ran = await runDueJobs(now);
      expect(ran).toEqual(expect.arrayContaining(['request-logs.retention', 'secrets.purge-deleted']));
      expect(await db.select().from(requestLogs).where(eq(requestLogs.id, oldLog.id))).toEqual([]);
      expect(await db.select().from(secrets).where(eq(secrets.id, secretId))).toEqual([]);
      expect(runtimeStatus().jobs.find((j) => j.name === 'alerts.evaluate')).toMatchObject({ runs: 2, lastError: null });
    } finally {
      await stopRuntime();
    }
  });

  it('a cluster job runs once per period whatever the number of instances', async () => {
    const claimA = periodClaimer(() => db);
    const claimB = periodClaimer(() => db);
    const job = { name: `test.once-${randomUUID()}`, scope: 'cluster' as const, everyMs: MIN };
    const at = Date.UTC(2033, 0, 1, 10, 0, 30);
    const claims = await Promise.all([claimA(job, at), claimB(job, at), claimA(job, at + 1000), claimB(job, at + 20_000)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The next minute is a new period.
    expect(await claimB(job, at + MIN)).toBe(true);
    const rows = await db
      .select()
      .from(jobRuns)
      .where(inArray(jobRuns.name, [job.name]));
    expect(rows).toHaveLength(2);
  });
});
