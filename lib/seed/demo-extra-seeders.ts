import { registerWeatherExampleApi } from '@/lib/verifier/weather-example-catalog';
import type { DemoSeeder } from './demo-showcase';

/**
 * Seeders that add to the living demo after its own parts (an example product API's catalog entry and
 * traffic, say): each gets the demo's actors and keys and `writeTraffic`. `npm run dev` runs them in order.
 */
export const demoExtraSeeders: DemoSeeder[] = [
  // The example product API (examples/weather-api) in the catalog, so a newcomer can call it with a demo key.
  async ({ db, admin }) => {
    await registerWeatherExampleApi(db, admin.userId);
  },
];
