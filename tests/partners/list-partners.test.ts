import { beforeAll, describe, expect, it } from 'vitest';
import { listPartners } from '@/lib/partners/list-partners';
import { ForbiddenError } from '@/lib/errors';
import { createCast, createOrg, createUser } from '../support/fixtures';
import { tenantOf } from '@/lib/auth/tenant';

let cast: Awaited<ReturnType<typeof createCast>>;
const base = { page: 1, pageSize: 10, sort: 'name' as const, direction: 'asc' as const, q: '' };

beforeAll(async () => {
  cast = await createCast();
  for (const [name, status] of [
    ['Zeta Labs', 'pending'],
    ['Beta Works', 'active'],
    ['Gamma_Inc', 'suspended'],
    ['gamma ray', 'active'],
  ] as const) {
    const org = await createOrg({ name, status });
    if (name === 'Beta Works') for (let i = 0; i < 3; i++) await createUser({ org: { id: org.id, role: 'developer' } });
  }
  for (let i = 0; i < 12; i++) await createOrg({ name: `Filler ${String(i).padStart(2, '0')}` });
});

describe('the partners table query', () => {
  it('sorts by name case-insensitively and paginates in SQL', async () => {
    const first = await listPartners(tenantOf(cast.admin), base);
    expect(first.total).toBe(17);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(10);
    expect(first.rows.slice(0, 2).map((r) => r.name)).toEqual(['Acme Test', 'Beta Works']);
    const second = await listPartners(tenantOf(cast.admin), { ...base, page: 2 });
    expect(second.rows).toHaveLength(7);
    expect(second.rows.at(-1)?.name).toBe('Zeta Labs');
    const ids = new Set([...first.rows, ...second.rows].map((r) => r.id));
    expect(ids.size).toBe(17);
  });

  it('filters by status and searches name or slug, treating % and _ literally', async () => {
    expect((await listPartners(tenantOf(cast.support), { ...base, status: 'pending' })).rows.map((r) => r.name)).toEqual(['Zeta Labs']);
    // Compared as a set: the order of ' ' and '_' depends on the database's collation.
    expect((await listPartners(tenantOf(cast.admin), { ...base, q: 'GAMMA' })).rows.map((r) => r.name).sort()).toEqual(['Gamma_Inc', 'gamma ray']);
    expect((await listPartners(tenantOf(cast.admin), { ...base, q: 'gamma_' })).rows.map((r) => r.name)).toEqual(['Gamma_Inc']);
    expect((await listPartners(tenantOf(cast.admin), { ...base, q: '%' })).total).toBe(0);
  });

  it('sorts by member count', async () => {
    const page = await listPartners(tenantOf(cast.admin), { ...base, sort: 'members', direction: 'desc' });
    expect(page.rows[0]).toMatchObject({ name: 'Beta Works', memberCount: 3 });
  });

  it('is staff only', async () => {
    await expect(listPartners(tenantOf(cast.partnerAdmin), base)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listPartners(tenantOf(cast.developer), base)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
