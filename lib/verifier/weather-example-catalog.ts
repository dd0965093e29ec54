import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apis, endpoints } from '@/db/schema';
import { newId } from '@/lib/ids';

/** Where `examples/weather-api` listens by default (`WEATHER_API_URL` overrides it). */
export const WEATHER_EXAMPLE_BASE = process.env.WEATHER_API_URL ?? 'http://localhost:4100/api/v1';

/**
 * Puts the example product API (examples/weather-api, which checks partner keys with the embedded
 * verifier) in the catalog: one API, one endpoint. Idempotent; meant for the demo seed
 * (`await registerWeatherExampleApi(tx)`), so a newcomer sees it next to the portal's own API.
 */
export async function registerWeatherExampleApi(db: Queryable, ownerId: string | null = null): Promise<{ apiId: string }> {
  const [existing] = await db
    .select({ id: apis.id })
    .from(apis)
    .where(and(eq(apis.slug, 'weather'), eq(apis.version, 'v1')));
  const apiId = existing?.id ?? newId('api');
  if (!existing) {
    await db.insert(apis).values({
      id: apiId,
      name: 'Weather API (example)',
      slug: 'weather',
      version: 'v1',
      basePath: WEATHER_EXAMPLE_BASE,
      description: 'The example product API in examples/weather-api: current weather by city. It checks keys in-process with @partner-portal/verifier.',
      ownerId,
    });
  }
  await db
    .insert(endpoints)
    .values({
      id: newId('ept'),
      apiId,
      method: 'GET',
      path: '/weather',
      description: 'Current weather for `?city=` (e.g. London), with `x-api-key`.',
      source: 'manual',
    })
    .onConflictDoNothing();
  return { apiId };
}
