import { asc, gt } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { verifierChanges } from '@/db/schema';
import { withTransaction } from '@/db/with-transaction';
import { announceKeyChange } from '@/lib/keys/key-invalidation';
import { executeAction } from '@/lib/actions/execute-action';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { suspendPartnerSpec } from '@/lib/partners/suspend-partner';
import { updatePartnerSettingsSpec } from '@/lib/partners/update-partner';
import { createCast, testMeta } from '../support/fixtures';

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});

async function latestSeq(): Promise<number> {
  const rows = await db.select({ seq: verifierChanges.seq }).from(verifierChanges);
  return rows.reduce((max, r) => Math.max(max, r.seq), 0);
}

const since = (seq: number) => db.select().from(verifierChanges).where(gt(verifierChanges.seq, seq)).orderBy(asc(verifierChanges.seq));

describe('the verifiers’ change log (transactional outbox)', () => {
  it('gets a row in the same transaction as every key and organization change, in order, with the state after it and never a secret', async () => {
    const start = await latestSeq();
    const created = await executeAction(
      createKeySpec,
      { name: 'Outboxed', environment: 'test', scopes: ['catalog:read'] },
      { actor: cast.partnerAdmin, meta: testMeta },
    );
    const key = created.value!.key;
    const rotated = await executeAction(rotateKeySpec, { keyId: key.id, grace: '1h' }, { actor: cast.partnerAdmin, meta: testMeta });
    const newKey = rotated.value!.key;
    await executeAction(revokeKeySpec, { keyId: newKey.id }, { actor: cast.partnerAdmin, meta: testMeta });
    await executeAction(
      updatePartnerSettingsSpec,
      { partnerId: cast.org.id, supportTier: 'priority', keyRateLimitPerMinute: 700, monthlyQuota: 50_000 },
      { actor: cast.admin, meta: testMeta },
    );
    await executeAction(suspendPartnerSpec, { partnerId: cast.org.id }, { actor: cast.admin, meta: testMeta });

    const rows = await since(start);
    expect(rows.map((r) => [r.kind, r.entityId])).toEqual([
      ['key', key.id], // created
      ['key', newKey.id], // the rotation's new key
      ['key', key.id], // the rotated-out key, now with its grace expiry
      ['key', newKey.id], // revoked
      ['organization', cast.org.id], // limits
      ['organization', cast.org.id], // suspended
    ]);
    const seqs = rows.map((r) => r.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const graceEnd = (rows[2]!.payload.key as { expiresAt: number; rotatedAt: number }).expiresAt;
    expect(graceEnd).toBeGreaterThan(Date.now() + 3_500_000);
    expect(rows[3]!.payload.key).toMatchObject({ isActive: false, revokedAt: expect.any(Number) });
    expect(rows[4]!.payload.organization).toMatchObject({ keyRateLimitPerMinute: 700, monthlyQuota: 50_000 });
    expect(rows[5]!.payload.organization).toMatchObject({ status: 'suspended' });
    expect(JSON.stringify(rows)).not.toContain(created.value!.secret);
  });

  it('gets nothing when the change is rolled back', async () => {
    const start = await latestSeq();
    await expect(
      withTransaction(db, async (tx, afterCommit) => {
        await announceKeyChange(tx, afterCommit, { partnerId: cast.org.id });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await since(start)).toEqual([]);
  });
});
