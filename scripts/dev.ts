import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, getDatabase } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { preparePortalContent } from '@/lib/catalog/prepare-portal-content';
import { resolveAuthSecret } from '@/lib/auth/auth-secret';
import { masterKeyRing } from '@/lib/secrets/master-keys';
import { formatDemoLogins, seedDemoData } from '@/lib/seed/demo-data';
import { demoExtraSeeders } from '@/lib/seed/demo-extra-seeders';
import { seedDemoShowcase } from '@/lib/seed/demo-showcase';
import { weatherApiCredential } from '@/lib/seed/weather-api-credential';
import { passThroughArgs, runNext } from './run-next';
import { startWeatherApiWhenPortalIsUp } from './lib/dev-weather-api';

// Migrate and seed in this process, close the database, then hand it to `next dev`:
// PGlite allows one process per data folder. `--no-demo` seeds the logins only (no keys, traffic, secrets…).
async function main() {
  const args = passThroughArgs();
  const demo = !args.includes('--no-demo');
  let weatherCredential: string | null = null;
  const handle = getDatabase();
  console.log(`Database: ${handle.description}`);
  await migrateDatabase(handle);
  await preparePortalContent(handle.db);
  const logins = await seedDemoData(handle.db);
  if (demo) {
    const started = Date.now();
    // The master key must exist before the demo's secrets are written with it.
    masterKeyRing();
    logins.push(...(await seedDemoShowcase({ extraSeeders: demoExtraSeeders })));
    weatherCredential = await weatherApiCredential(handle.db, readKeptCredential());
    keepCredential(weatherCredential);
    console.log(`Demo data ready (${((Date.now() - started) / 1000).toFixed(1)} s; \`npm run dev -- --no-demo\` skips it).`);
  }
  await closeDatabase();

  const secret = resolveAuthSecret();
  masterKeyRing(); // creates the development master key (with a warning) before the server needs it
  console.log(`\n${formatDemoLogins(logins)}\n`);
  runNext(['dev', ...args.filter((a) => a !== '--no-demo')], { ...process.env, AUTH_SECRET: secret });
  // The example product API (examples/weather-api) beside the portal, checking keys in-process.
  if (weatherCredential) startWeatherApiWhenPortalIsUp({ portalUrl: `http://localhost:${devPort(args)}`, credential: weatherCredential });
}

// The example API's credential is kept between runs (a secret is shown once), next to the PGlite data.
const credentialFile = path.join(process.cwd(), '.data', 'weather-api-credential');
function readKeptCredential(): string | null {
  try {
    return fs.readFileSync(credentialFile, 'utf8').trim();
  } catch {
    return null;
  }
}
function keepCredential(secret: string): void {
  fs.mkdirSync(path.dirname(credentialFile), { recursive: true });
  fs.writeFileSync(credentialFile, `${secret}\n`, { mode: 0o600 });
}

function devPort(args: string[]): number {
  const at = args.findIndex((a) => a === '--port' || a === '-p');
  const flag = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  return Number(flag ?? process.env.PORT ?? 3000);
}

main().catch((error) => {
  console.error('Could not start the dev server:', error instanceof Error ? error.message : error);
  process.exit(1);
});
