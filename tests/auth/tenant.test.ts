import { describe, expect, it } from 'vitest';
import { narrowTenant, tenantOf } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { createCast, createOrg } from '../support/fixtures';

describe('the tenant', () => {
  it('is a partner user’s own organization whatever they name; staff choose one or see all', async () => {
    const cast = await createCast();
    const other = await createOrg();
    expect(tenantOf(cast.developer, other.id)).toMatchObject({ partnerId: cast.org.id, isStaff: false, orgParam: null });
    expect(tenantOf(cast.support)).toMatchObject({ partnerId: null, isStaff: true, orgParam: null });
    expect(tenantOf(cast.admin, other.id)).toMatchObject({ partnerId: other.id, orgParam: other.id });
    expect(() => tenantOf({ ...cast.developer, membership: null })).toThrow(NotFoundError);
  });

  it('narrows to one organization: any for staff, only the own one for a partner user (404)', async () => {
    const cast = await createCast();
    const other = await createOrg();
    expect(narrowTenant(tenantOf(cast.support), other.id).partnerId).toBe(other.id);
    expect(narrowTenant(tenantOf(cast.partnerAdmin), cast.org.id).partnerId).toBe(cast.org.id);
    expect(() => narrowTenant(tenantOf(cast.partnerAdmin), other.id)).toThrow(NotFoundError);
    expect(() => narrowTenant(tenantOf(cast.admin, cast.org.id), other.id)).toThrow(NotFoundError);
  });
});
