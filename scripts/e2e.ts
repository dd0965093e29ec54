/**
 * The e2e run: one production build shared by every spec, a fresh database, `next start`, Playwright.
 *   npm run test:e2e                 build, then run every spec
 *   E2E_SKIP_BUILD=1 npm run test:e2e -- e2e/sign-in.spec.ts   reuse .next from an earlier build
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectPglite, connectPostgres } from '@/db/connect';
import { createDatabase, dropDatabase, freshDatabaseName, testServerUrl } from '@/db/fresh-database';
import { migrateDatabase } from '@/db/migrate';
import { seedDemoData } from '@/lib/seed/demo-data';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const playwrightCli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const logFile = path.join(root, 'test-results', 'e2e-server.log');

function step(message: string) {
  console.log(`[e2e] ${message}`);
}

/** CHROMIUM_PATH, else Debian's chromium, else Playwright's own browser (installed when missing). */
async function resolveBrowser(): Promise<string> {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  const { chromium } = await import('@playwright/test');
  if (!fs.existsSync(chromium.executablePath())) {
    step('no system Chromium found: installing Playwright’s (needs internet access)');
    execFileSync(process.execPath, [playwrightCli, 'install', 'chromium'], { stdio: 'inherit' });
  }
  return ''; // Playwright's default
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs} ms; see ${logFile}`);
}

async function main(): Promise<number> {
  const browser = await resolveBrowser();
  step(`browser: ${browser || 'Playwright’s bundled Chromium'}`);

  if (process.env.E2E_SKIP_BUILD === '1' && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    step('reusing the existing production build (.next)');
  } else {
    step('building the production server (next build) …');
    const code = await run(process.execPath, [nextBin, 'build'], { ...process.env, NODE_ENV: 'production' });
    if (code !== 0) return code;
  }

  // A fresh database for this run.
  const serverUrl = testServerUrl();
  const databaseEnv: Record<string, string> = {};
  let cleanupDatabase: () => Promise<void>;
  if (serverUrl) {
    const name = freshDatabaseName('pp_e2e');
    const url = await createDatabase(serverUrl, name);
    const handle = connectPostgres(url, { max: 2 });
    await migrateDatabase(handle);
    await seedDemoData(handle.db);
    await handle.close();
    databaseEnv.DATABASE_URL = url;
    cleanupDatabase = () => dropDatabase(serverUrl, name);
    step(`database: fresh Postgres database ${name}`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-e2e-'));
    const dataDir = path.join(dir, 'pglite');
    const handle = connectPglite({ dataDir });
    await migrateDatabase(handle);
    await seedDemoData(handle.db);
    await handle.close(); // the server process must be the only one on this folder
    databaseEnv.PGLITE_DATA_DIR = dataDir;
    cleanupDatabase = async () => fs.rmSync(dir, { recursive: true, force: true });
    step(`database: fresh PGlite in ${dataDir}`);
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv, NODE_ENV: 'production', AUTH_SECRET: randomBytes(32).toString('base64url'), AUTH_TRUST_HOST: 'true' };
  if (!serverUrl) delete serverEnv.DATABASE_URL;
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { env: serverEnv, stdio: ['ignore', log, log] });

  let code = 1;
  try {
    await waitForHealth(baseUrl, server);
    step(`server: ${baseUrl} (log: ${path.relative(root, logFile)})`);
    code = await run(process.execPath, [playwrightCli, 'test', ...process.argv.slice(2)], {
      ...process.env,
      E2E_BASE_URL: baseUrl,
      E2E_CHROMIUM_PATH: browser,
    });
  } catch (error) {
    console.error(`[e2e] ${(error as Error).message}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    await cleanupDatabase();
  }
  if (code !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    console.error(`[e2e] last lines of the server log:\n${tail}`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[e2e] failed:', error);
    process.exit(1);
  },
);
