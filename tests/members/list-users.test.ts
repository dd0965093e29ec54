import { describe, expect, it } from 'vitest';
import { listUsers } from '@/lib/users/list-users';
import { ForbiddenError } from '@/lib/errors';
import { createCast } from '../support/fixtures';
import { tenantOf } from '@/lib/auth/tenant';

describe('the users table query', () => {
  it('shows each user with their organizations and role, for staff only', async () => {
    const cast = await createCast();
    const page = await listUsers(tenantOf(cast.support), { page: 1, pageSize: 100, sort: 'email', direction: 'asc', q: cast.developer.email });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ email: cast.developer.email, organizations: `${cast.org.name} (developer)`, staffRole: null });
    await expect(listUsers(tenantOf(cast.partnerAdmin), { page: 1, pageSize: 10, sort: 'email', direction: 'asc', q: '' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
