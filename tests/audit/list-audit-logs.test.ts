import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { listAuditLogs } from '@/lib/audit/list-audit-logs';
import { writeAuditLog } from '@/lib/audit/write-audit-log';
import { ForbiddenError } from '@/lib/errors';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';
import { tenantOf } from '@/lib/auth/tenant';

let cast: Awaited<ReturnType<typeof createCast>>;
let otherOrgId: string;
const query = { page: 1, pageSize: 25, sort: 'occurred' as const, direction: 'desc' as const, q: '' };

beforeAll(async () => {
  cast = await createCast();
  const other = await createOrg();
  otherOrgId = other.id;
  const otherAdmin = await actorOf((await createUser({ org: { id: other.id, role: 'partner_admin' } })).id);
  await writeAuditLog(db, cast.partnerAdmin, { action: 'key.create', partnerId: cast.org.id, targetId: 'key_own' }, testMeta);
  await writeAuditLog(db, otherAdmin, { action: 'key.create', partnerId: other.id, targetId: 'key_foreign' }, testMeta);
  await writeAuditLog(db, cast.admin, { action: 'partner.approve', partnerId: other.id, targetId: other.id }, testMeta);
});

describe('the audit log query', () => {
  it("shows a partner_admin only their own organization's rows, whatever they search", async () => {
    const page = await listAuditLogs(tenantOf(cast.partnerAdmin), query);
    expect(page.rows.map((r) => r.targetId)).toEqual(['key_own']);
    expect((await listAuditLogs(tenantOf(cast.partnerAdmin), { ...query, q: 'key_foreign' })).total).toBe(0);
  });

  it('shows staff everything, with search and action filter', async () => {
    expect((await listAuditLogs(tenantOf(cast.support), query)).total).toBe(3);
    expect((await listAuditLogs(tenantOf(cast.admin), { ...query, action: 'partner.approve' })).rows.map((r) => r.partnerId)).toEqual([otherOrgId]);
    expect((await listAuditLogs(tenantOf(cast.admin), { ...query, q: 'foreign' })).rows.map((r) => r.targetId)).toEqual(['key_foreign']);
  });

  it('is refused to developers', async () => {
    await expect(listAuditLogs(tenantOf(cast.developer), query)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
