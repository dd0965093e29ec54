import type { DemoSeeder } from './demo-showcase';

/**
 * Seeders that add to the living demo after its own parts (an example product API's catalog entry and
 * traffic, say): each gets the demo's actors and keys and `writeTraffic`. `npm run dev` runs them in order.
 */
export const demoExtraSeeders: DemoSeeder[] = [];
