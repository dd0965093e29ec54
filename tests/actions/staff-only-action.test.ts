import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, partners } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { approvePartnerSpec } from '@/lib/partners/approve-partner';
import { createCast, createOrg, testMeta } from '../support/fixtures';

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});

async function state(partnerId: string) {
  const [partner] = await db.select({ status: partners.status }).from(partners).where(eq(partners.id, partnerId));
  const [audit] = await db.select({ n: count() }).from(auditLogs);
  return { status: partner?.status, auditRows: audit?.n };
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

describe('a staff-only server action (approve a pending organization)', () => {
  it('is refused for a developer, and nothing is written', async () => {
    const pending = await createOrg({ status: 'pending' });
    const before = await state(pending.id);
    const { result } = await executeAction(approvePartnerSpec, form({ partnerId: pending.id }), { actor: cast.developer, meta: testMeta });
    expect(result.ok).toBe(false);
    // A foreign organization's resource: the developer learns nothing of it.
    expect(result).toMatchObject({ error: 'Not found' });
    expect(await state(pending.id)).toEqual(before);
    expect(before.status).toBe('pending');
  });

  it('is refused for a partner_admin on their own organization, and nothing is written', async () => {
    const before = await state(cast.org.id);
    const { result } = await executeAction(approvePartnerSpec, form({ partnerId: cast.org.id }), { actor: cast.partnerAdmin, meta: testMeta });
    expect(result).toMatchObject({ ok: false, error: 'You are not allowed to do this' });
    expect(await state(cast.org.id)).toEqual(before);
  });

  it('is refused for support staff (read-only), and nothing is written', async () => {
    const pending = await createOrg({ status: 'pending' });
    const before = await state(pending.id);
    const { result } = await executeAction(approvePartnerSpec, { partnerId: pending.id }, { actor: cast.support, meta: testMeta });
    expect(result.ok).toBe(false);
    expect(await state(pending.id)).toEqual(before);
  });

  it('is refused without a session', async () => {
    const pending = await createOrg({ status: 'pending' });
    const { result } = await executeAction(approvePartnerSpec, { partnerId: pending.id }, { actor: null, meta: testMeta });
    expect(result.ok).toBe(false);
    expect((await state(pending.id)).status).toBe('pending');
  });

  it('works for an admin and writes its audit row with the change', async () => {
    const pending = await createOrg({ status: 'pending' });
    const { result } = await executeAction(approvePartnerSpec, { partnerId: pending.id }, { actor: cast.admin, meta: testMeta });
    expect(result).toMatchObject({ ok: true, message: `${pending.name} is approved.` });
    expect((await state(pending.id)).status).toBe('active');
    const rows = await db.select().from(auditLogs).where(eq(auditLogs.targetId, pending.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'partner.approve',
      actorId: cast.admin.userId,
      actorLabel: cast.admin.email,
      partnerId: pending.id,
      ip: testMeta.ip,
      userAgent: testMeta.userAgent,
    });
  });

  it('answers a clear error, not a crash, for an unknown id or one already active', async () => {
    const unknown = await executeAction(approvePartnerSpec, { partnerId: 'org_doesnotexist' }, { actor: cast.admin, meta: testMeta });
    expect(unknown.result).toMatchObject({ ok: false, error: 'That organization does not exist.' });
    const active = await executeAction(approvePartnerSpec, { partnerId: cast.org.id }, { actor: cast.admin, meta: testMeta });
    expect(active.result).toMatchObject({ ok: false });
    expect(active.result.ok || active.result.error).toMatch(/is active, not pending/);
  });

  it('returns field errors for malformed input', async () => {
    const { result } = await executeAction(approvePartnerSpec, {}, { actor: cast.admin, meta: testMeta });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors?.partnerId?.length).toBeTruthy();
  });
});
