import { count } from 'drizzle-orm';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, partners } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { executeAction } from '@/lib/actions/execute-action';
import { newId } from '@/lib/ids';
import { createCast, testMeta } from '../support/fixtures';

const countRows = async () => ({
  partners: (await db.select({ n: count() }).from(partners))[0]?.n,
  audit: (await db.select({ n: count() }).from(auditLogs))[0]?.n,
});

describe('the action wrapper', () => {
  it('rolls back the change when a later step fails, and answers without internals', async () => {
    const { admin } = await createCast();
    const failing: UserActionSpec<z.ZodObject<{ name: z.ZodString }>, null> = {
      name: 'failingAfterInsert',
      access: 'user',
      input: z.object({ name: z.string() }),
      policy: () => ({ action: 'partner.create', resource: { partnerId: null } }),
      async run({ input, tx }) {
        await tx.insert(partners).values({ id: newId('org'), name: input.name, slug: `half-${Date.now()}` });
        throw new Error('connection reset by peer (internal detail)');
      },
      audit: () => ({ action: 'partner.create', partnerId: null }),
    };
    const before = await countRows();
    const { result } = await executeAction(failing, { name: 'Half written' }, { actor: admin, meta: testMeta });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('connection reset');
    expect(await countRows()).toEqual(before);
  });

  it('rolls back the change when the audit row cannot be written', async () => {
    const { admin } = await createCast();
    const badAudit: UserActionSpec<z.ZodObject<{ name: z.ZodString }>, null> = {
      name: 'badAudit',
      access: 'user',
      input: z.object({ name: z.string() }),
      policy: () => ({ action: 'partner.create', resource: { partnerId: null } }),
      async run({ input, tx }) {
        await tx.insert(partners).values({ id: newId('org'), name: input.name, slug: `audit-${Date.now()}` });
        return null;
      },
      // An action column too long to be a valid action is still text; force a failure with a null instead.
      audit: () => ({ action: null as unknown as string, partnerId: null }),
    };
    const before = await countRows();
    const { result } = await executeAction(badAudit, { name: 'No trail, no change' }, { actor: admin, meta: testMeta });
    expect(result.ok).toBe(false);
    expect(await countRows()).toEqual(before);
  });
});
