import { describe, expect, it } from 'vitest';
import { connectFromEnv, redactUrl } from '@/db/connect';

describe('the database module', () => {
  it('does not connect or throw when imported, even with a broken DATABASE_URL', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://nobody:secret@127.0.0.1:1/none';
    try {
      const handle = connectFromEnv();
      expect(handle.driver).toBe('postgres');
      expect(handle.description).not.toContain('secret');
      await handle.close();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    await expect(import('@/db')).resolves.toHaveProperty('db');
  });

  it('never prints a password', () => {
    expect(redactUrl('postgres://u:hunter2@db:5432/x')).toBe('postgres://u:***@db:5432/x');
  });
});
