import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectPglite, connectPostgres } from '@/db/connect';
import { createDatabase, dropDatabasesWithPrefix, freshDatabaseName, testServerUrl } from '@/db/fresh-database';
import { migrateDatabase } from '@/db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'postgres'; serverUrl: string; template: string; runPrefix: string } | { kind: 'pglite'; snapshotFile: string };
  }
}

/**
 * Migrates one database per run; every test file then gets its own copy of it
 * (Postgres: `create database … template`; PGlite: a clone of a data-dir dump).
 */
export default async function setup(project: TestProject) {
  const serverUrl = testServerUrl();
  if (serverUrl) {
    const runPrefix = freshDatabaseName('pp_test');
    const template = `${runPrefix}_template`;
    const url = await createDatabase(serverUrl, template);
    const handle = connectPostgres(url, { max: 1 });
    await migrateDatabase(handle);
    await handle.close();
    project.provide('testDatabase', { kind: 'postgres', serverUrl, template, runPrefix });
    console.log(`[tests] Postgres: fresh databases ${runPrefix}_* on ${new URL(serverUrl).host}`);
    return async () => dropDatabasesWithPrefix(serverUrl, runPrefix);
  }

  const handle = connectPglite({ dataDir: 'memory://' }) as ReturnType<typeof connectPglite> & {
    pglite: { dumpDataDir(c?: 'none' | 'gzip' | 'auto'): Promise<Blob> };
  };
  await migrateDatabase(handle);
  const dump = await handle.pglite.dumpDataDir('none');
  await handle.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-test-'));
  const snapshotFile = path.join(dir, 'migrated.tar');
  fs.writeFileSync(snapshotFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('testDatabase', { kind: 'pglite', snapshotFile });
  console.log('[tests] PGlite: in-memory copies of one migrated snapshot (set TEST_DATABASE_URL to use Postgres)');
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
