import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { partners } from '@/db/schema';
import { ForbiddenError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { organizationNames, searchOrganizations } from '@/lib/partners/search-organizations';
import { createCast } from '../support/fixtures';

type Cast = Awaited<ReturnType<typeof createCast>>;

async function insertOrganization(name: string, slug: string) {
  const id = newId('org');
  await db.insert(partners).values({ id, name, slug, status: 'active' });
  return id;
}

describe('the staff organization search', () => {
  let cast: Cast;
  let needle: string;

  beforeAll(async () => {
    cast = await createCast();
    // 120 organizations before it by name: a list of the first 100 would never show it.
    await db
      .insert(partners)
      .values(
        Array.from({ length: 120 }, (_, i) => ({ id: newId('org'), name: `Bulk ${String(i).padStart(3, '0')}`, slug: `bulk-${i}`, status: 'active' as const })),
      );
    needle = await insertOrganization('Zulu Needleworks', 'zulu-needle');
    await insertOrganization('100% Pure', 'hundred-percent');
    await insertOrganization('Under_score Labs', 'under-score');
    await insertOrganization('Underxscore Labs', 'underx-score');
  });

  it('finds an organization beyond the first hundred by part of its name or slug, case-insensitively', async () => {
    const first = await searchOrganizations(cast.support, '');
    expect(first.organizations).toHaveLength(20);
    expect(first.more).toBe(true);
    expect(first.organizations.map((o) => o.id)).not.toContain(needle);

    expect((await searchOrganizations(cast.support, 'NEEDLE')).organizations).toEqual([
      { id: needle, name: 'Zulu Needleworks', slug: 'zulu-needle', status: 'active' },
    ]);
    expect((await searchOrganizations(cast.admin, 'zulu-nee')).organizations.map((o) => o.id)).toEqual([needle]);
    // Many matches: at most 20, and it says there are more.
    const bulk = await searchOrganizations(cast.support, 'bulk');
    expect(bulk.organizations).toHaveLength(20);
    expect(bulk.more).toBe(true);
    expect(bulk.organizations[0]?.name).toBe('Bulk 000');
  });

  it('takes % and _ literally', async () => {
    expect((await searchOrganizations(cast.support, '%')).organizations.map((o) => o.name)).toEqual(['100% Pure']);
    expect((await searchOrganizations(cast.support, 'under_')).organizations.map((o) => o.name)).toEqual(['Under_score Labs']);
    expect((await searchOrganizations(cast.support, '\\')).organizations).toEqual([]);
  });

  it('names organizations by id for staff; partner users may not search', async () => {
    expect(await organizationNames(cast.support, [needle, 'org_unknown'])).toEqual([{ id: needle, name: 'Zulu Needleworks' }]);
    await expect(searchOrganizations(cast.partnerAdmin, 'Zulu')).rejects.toThrow(ForbiddenError);
    await expect(organizationNames(cast.developer, [needle])).rejects.toThrow(ForbiddenError);
  });
});
