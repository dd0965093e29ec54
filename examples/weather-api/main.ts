/**
 *   PORTAL_URL=http://localhost:3000 VERIFIER_CREDENTIAL=pp_live_… npx tsx examples/weather-api/main.ts
 *
 * VERIFIER_CREDENTIAL is a key with the `keys:sync` scope that a staff admin creates in the portal.
 * PORT (default 4100) and WEATHER_SCOPE (a scope the keys need; default none) are optional.
 */
import { startWeatherApi } from './server';

const portalUrl = process.env.PORTAL_URL ?? 'http://localhost:3000';
const credential = process.env.VERIFIER_CREDENTIAL;
if (!credential) {
  console.error('Set VERIFIER_CREDENTIAL to a key with the keys:sync scope (a staff admin creates it in the portal).');
  process.exit(1);
}
startWeatherApi({ portalUrl, credential, port: Number(process.env.PORT ?? 4100), scope: process.env.WEATHER_SCOPE || undefined }).then(
  ({ url }) => console.log(`Weather API on ${url}/api/v1/weather?city=London (keys synced from ${portalUrl})`),
  (error: unknown) => {
    console.error(`Could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
