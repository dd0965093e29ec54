import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function start(env: Record<string, string>) {
  const { PORTAL_MASTER_KEY: _unused, DATABASE_URL: _db, ...rest } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/start.ts'], {
    cwd: root,
    env: { ...rest, TSX_TSCONFIG_PATH: 'tsconfig.json', AUTH_SECRET: 'x'.repeat(32), PGLITE_DATA_DIR: 'memory://', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start', () => {
  it('refuses to start in production without a master key, or with a malformed one, before touching the database', () => {
    const missing = start({});
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('PORTAL_MASTER_KEY is required in production');
    const malformed = start({ PORTAL_MASTER_KEY: 'not-a-key' });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('is not the base64 of 32 bytes');
    expect(missing.stdout + malformed.stdout).not.toContain('Database:');
  });
});
