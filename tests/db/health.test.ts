import { describe, expect, it } from 'vitest';
import { getDatabase, installDatabase } from '@/db';
import { connectPostgres } from '@/db/connect';
import { checkDatabase } from '@/lib/health/check-database';

describe('the health check', () => {
  it('reports the database up', async () => {
    expect(await checkDatabase()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('reports the database down when it cannot be reached, without throwing', async () => {
    const real = getDatabase();
    // Nothing listens on port 1.
    const unreachable = connectPostgres('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    installDatabase(unreachable);
    try {
      expect(await checkDatabase(3_000)).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      installDatabase(real);
      await unreachable.close();
    }
  });
});
