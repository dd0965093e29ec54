import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { partnerWebhooks } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { encryptLegacyWebhookSecrets, webhookSigningSecret } from '@/lib/alerts/webhook-secret';
import { saveWebhookSpec } from '@/lib/alerts/webhook-settings';
import { SecretIntegrityError } from '@/lib/secrets/envelope';
import { buildMasterKeyRing, setMasterKeyRing } from '@/lib/secrets/master-keys';
import { rewrapDataKeys } from '@/lib/secrets/rotate-master-key';
import { dumpDatabase } from '../support/dump-database';
import { createCast, createOrg, testMeta } from '../support/fixtures';

const webhookOf = async (partnerId: string) => (await db.select().from(partnerWebhooks).where(eq(partnerWebhooks.partnerId, partnerId)))[0]!;

describe('alert webhook signing secrets at rest', () => {
  it('are stored encrypted, bound to their organization, and survive a master-key rotation', async () => {
    const cast = await createCast();
    const saved = await executeAction(saveWebhookSpec, { url: 'https://hooks.example.com/alerts' }, { actor: cast.partnerAdmin, meta: testMeta });
    const secret = (saved.result as { data: { secret: string } }).data.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(await dumpDatabase()).not.toContain(secret);
    const row = await webhookOf(cast.org.id);
    expect(row.secret).toBeNull();
    expect(webhookSigningSecret(row)).toBe(secret);
    // Copied onto another organization's row, it does not open.
    expect(() => webhookSigningSecret({ ...row, partnerId: 'org_other' })).toThrow(SecretIntegrityError);

    const next = buildMasterKeyRing({ PORTAL_MASTER_KEY: `${process.env.PORTAL_MASTER_KEY},next:${randomBytes(32).toString('base64')}`, NODE_ENV: 'test' });
    setMasterKeyRing(next);
    try {
      await rewrapDataKeys(db, next);
      const rotated = await webhookOf(cast.org.id);
      expect(rotated.secretMasterKeyId).toBe('next');
      setMasterKeyRing(buildMasterKeyRing({ PORTAL_MASTER_KEY: `next:${next.current.key.toString('base64')}`, NODE_ENV: 'test' }));
      expect(webhookSigningSecret(rotated)).toBe(secret);
    } finally {
      setMasterKeyRing(undefined);
    }
  });

  it('saved in plain text by an earlier version, are encrypted at start-up and keep signing the same', async () => {
    const org = await createOrg();
    const legacy = `whsec_${randomBytes(24).toString('hex')}`;
    await db.insert(partnerWebhooks).values({ partnerId: org.id, url: 'https://hooks.example.com/old', secret: legacy });
    expect(await encryptLegacyWebhookSecrets(db)).toBe(1);
    const row = await webhookOf(org.id);
    expect(row.secret).toBeNull();
    expect(webhookSigningSecret(row)).toBe(legacy);
    expect(await dumpDatabase()).not.toContain(legacy);
    expect(await encryptLegacyWebhookSecrets(db)).toBe(0);
  });
});
