import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { executeAction } from '@/lib/actions/execute-action';
import { auditRowsToCsv, csvCell } from '@/lib/audit/audit-csv';
import { exportAuditLogs, listAuditLogs } from '@/lib/audit/list-audit-logs';
import { createInviteSpec } from '@/lib/invites/create-invite';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { flushLastUsed } from '@/lib/keys/last-used';
import { getReadableDoc, recordDocRead } from '@/lib/docs/read-docs';
import { seedStarterDocs } from '@/lib/docs/starter-docs';
import { getOnboardingChecklist } from '@/lib/onboarding/onboarding-checklist';
import { listPartners } from '@/lib/partners/list-partners';
import { updatePartnerProfileSpec } from '@/lib/partners/update-partner';
import { callApi } from '../support/api-client';
import { createCast, testMeta } from '../support/fixtures';
import { tenantOf } from '@/lib/auth/tenant';

describe('the onboarding checklist', () => {
  it('ticks each step as the partner does it, and staff see the progress in the partners table', async () => {
    const { admin, partnerAdmin, org } = await createCast();
    const ctx = { actor: partnerAdmin, meta: testMeta };
    const done = async () => (await getOnboardingChecklist(tenantOf(partnerAdmin, org.id))).steps.filter((s) => s.done).map((s) => s.id);
    // createCast makes two members, so the team step is done from the start.
    expect(await done()).toEqual(['team']);
    await executeAction(updatePartnerProfileSpec, { name: org.name, website: 'https://acme.example', description: 'We sell anvils' }, ctx);
    const key = await executeAction(createKeySpec, { name: 'First', environment: 'test' }, ctx);
    expect(await done()).toEqual(['profile', 'team', 'testKey']);
    expect((await callApi('GET', '/api/v1/me', { key: key.value!.secret })).status).toBe(200);
    await flushLastUsed();
    expect(await done()).toEqual(['profile', 'team', 'testKey', 'firstCall']);
    await executeAction(createKeySpec, { name: 'Live', environment: 'live' }, ctx);
    expect(await done()).toEqual(['profile', 'team', 'testKey', 'firstCall', 'liveKey']);

    // Staff opening the quickstart does not tick the partner's step; a member opening it does.
    await seedStarterDocs(db);
    await recordDocRead(tenantOf(admin), (await getReadableDoc(tenantOf(admin), 'v1', 'quickstart')).id);
    expect(await done()).not.toContain('quickstart');
    await recordDocRead(tenantOf(partnerAdmin), (await getReadableDoc(tenantOf(partnerAdmin), 'v1', 'quickstart')).id);
    const checklist = await getOnboardingChecklist(tenantOf(partnerAdmin, org.id));
    expect(checklist).toMatchObject({ done: 6, total: 6, complete: true });

    const page = await listPartners(tenantOf(admin), { page: 1, pageSize: 100, sort: 'onboarding', direction: 'desc', q: org.name });
    expect(page.rows[0]).toMatchObject({ id: org.id, onboardingDone: 6 });
  });
});

describe('the audit log', () => {
  it('filters by actor, action family, target and day, within the actor’s scope, and exports CSV safely', async () => {
    const { admin, partnerAdmin, org } = await createCast();
    await executeAction(createInviteSpec, { email: 'new@x.test', role: 'developer' }, { actor: partnerAdmin, meta: testMeta });
    await executeAction(createKeySpec, { name: 'Exported', environment: 'test' }, { actor: partnerAdmin, meta: testMeta });
    const base = { page: 1, pageSize: 50, sort: 'occurred' as const, direction: 'desc' as const, q: '' };
    const today = new Date().toISOString().slice(0, 10);

    const keyFamily = await listAuditLogs(tenantOf(partnerAdmin), { ...base, action: 'key.' });
    expect(keyFamily.rows.map((r) => r.action)).toEqual(['key.create']);
    expect((await listAuditLogs(tenantOf(partnerAdmin), { ...base, actor: partnerAdmin.email, from: today, to: today })).total).toBe(2);
    expect((await listAuditLogs(tenantOf(partnerAdmin), { ...base, to: '2000-01-01' })).total).toBe(0);
    expect((await listAuditLogs(tenantOf(partnerAdmin), { ...base, target: keyFamily.rows[0]!.targetId! })).total).toBe(1);
    expect((await listAuditLogs(tenantOf(admin), { ...base, actor: partnerAdmin.email })).total).toBe(2);

    const rows = await exportAuditLogs(tenantOf(partnerAdmin), { action: 'key.' }, testMeta);
    // The export itself is on the trail.
    expect((await listAuditLogs(tenantOf(partnerAdmin), { ...base, action: 'audit.export' })).rows[0]?.metadata).toMatchObject({
      rows: 1,
      filters: { action: 'key.' },
    });
    const csv = auditRowsToCsv(rows);
    expect(csv.split('\r\n')[0]).toBe('occurredAt,actorType,actorLabel,actorId,partnerId,action,targetType,targetId,ip,userAgent,metadata');
    expect(csv).toContain(org.id);
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    // A value a spreadsheet would run as a formula is defused.
    const hostile = auditRowsToCsv([{ ...rows[0]!, actorLabel: '=cmd|calc', metadata: { note: 'a,b' } }]);
    expect(hostile).toContain(",'=cmd|calc,");
    expect(hostile).toContain('"{""note"":""a,b""}"');
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell('+1')).toBe("'+1");
  });
});
