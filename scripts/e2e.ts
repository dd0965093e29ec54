/**
 * The e2e run: one production build shared by every spec, a fresh database, `next start`, Playwright.
 *   npm run test:e2e                 build, then run every spec
 *   E2E_SKIP_BUILD=1 npm run test:e2e -- e2e/sign-in.spec.ts   reuse .next from an earlier build
 *   E2E_DEMO=1 npm run test:e2e -- e2e/readme-screenshots.spec.ts   seed the living demo too, and update docs/screenshots
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testServerUrl } from '@/db/fresh-database';
import { startWeatherApi } from '@/examples/weather-api/server';
import { startTestOidcProvider } from './lib/test-oidc-provider';
import { createFreshDatabase, freePort, startServer, type RunningServer } from './lib/test-server';

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

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
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

  const serverUrl = testServerUrl();
  // E2E_DEMO=1: the living demo's data too, for e2e/readme-screenshots.spec.ts.
  const database = await createFreshDatabase('pp_e2e', serverUrl, { demo: process.env.E2E_DEMO === '1', weatherCredential: true });
  step(`database: ${database.description}`);
  // A real OIDC provider for single sign-on specs; the portal must know it before it starts.
  const port = await freePort();
  const oidc = await startTestOidcProvider(`http://127.0.0.1:${port}`);
  let server: RunningServer;
  try {
    server = await startServer({
      env: {
        ...database.env,
        // The public URL: single sign-on builds its redirect URIs on it.
        AUTH_URL: `http://127.0.0.1:${port}`,
        OIDC_ISSUER: oidc.issuer,
        OIDC_CLIENT_ID: oidc.clientId,
        OIDC_CLIENT_SECRET: oidc.clientSecret,
        OIDC_NAME: 'Test SSO',
        // Passkeys need a host name (browsers refuse an IP address as the relying party id): the same
        // server reached as localhost, which e2e/identity.spec.ts's passkey test browses.
        PASSKEY_ORIGIN: `http://localhost:${port}`,
      },
      logFile,
      port,
    });
  } catch (error) {
    await oidc.stop();
    await database.drop();
    throw error;
  }
  const baseUrl = server.baseUrl;

  let code = 1;
  let weather: Awaited<ReturnType<typeof startWeatherApi>> | null = null;
  try {
    step(`server: ${baseUrl} (log: ${path.relative(root, logFile)})`);
    // The example product API, checking keys in-process with the verifier synced from this server.
    weather = await startWeatherApi({ portalUrl: baseUrl, credential: database.weatherCredential!, port: 0, handleSignals: false });
    step(`weather API: ${weather.url}`);
    code = await run(process.execPath, [playwrightCli, 'test', ...process.argv.slice(2)], {
      ...process.env,
      E2E_BASE_URL: baseUrl,
      // For the per-organization single sign-on spec, which connects the same provider as an organization's.
      E2E_OIDC_ISSUER: oidc.issuer,
      E2E_PASSKEY_BASE_URL: `http://localhost:${port}`,
      E2E_CHROMIUM_PATH: browser,
      E2E_WEATHER_API_URL: weather.url,
    });
  } catch (error) {
    console.error(`[e2e] ${(error as Error).message}`);
  } finally {
    await weather?.stop();
    await server.stop();
    await oidc.stop();
    await database.drop();
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
