import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { apis, endpoints, partners, usageLogs } from '@/db/schema';
import { registerWeatherExampleApi } from '@/lib/verifier/weather-example-catalog';
import { startWeatherApi } from '@/examples/weather-api/server';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { startPortalServer } from './support/portal-server';

let portal: Awaited<ReturnType<typeof startPortalServer>>;
let weather: Awaited<ReturnType<typeof startWeatherApi>>;
let org: { id: string; name: string };

beforeAll(async () => {
  portal = await startPortalServer();
  const internal = await createOrg({ name: 'Weather Inc' });
  await db.update(partners).set({ keyRateLimitPerMinute: 100_000 }).where(eq(partners.id, internal.id));
  const credential = await issueKey(internal.id, { scopes: ['keys:sync'], environment: 'live', rateLimitPerMinute: 100_000 });
  org = await createOrg({ name: 'Partner Weather Co' });
  weather = await startWeatherApi({ portalUrl: portal.url, credential: credential.secret, port: 0, handleSignals: false });
});

afterAll(async () => {
  await weather.stop();
  await portal.stop();
});

describe('examples/weather-api', () => {
  it('answers a partner key with the weather, refuses a missing or unknown key, and the calls reach the portal’s usage', async () => {
    const partnerKey = await issueKey(org.id);
    // A key made after the API started: it arrives through the change stream.
    await expect.poll(() => weather.verifier.status().keys, { timeout: 3_000 }).toBeGreaterThanOrEqual(2);
    const call = (headers: Record<string, string>) => fetch(`${weather.url}/api/v1/weather?city=London`, { headers });
    const ok = await call({ 'x-api-key': partnerKey.secret });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ city: 'London', partner: 'Partner Weather Co', temperatureC: expect.any(Number) });
    expect((await call({})).status).toBe(401);
    expect(await (await call({ authorization: 'Bearer pp_test_nonsense' })).json()).toMatchObject({ status: 401, code: 'NOT_FOUND' });

    await weather.verifier.flush();
    const [row] = await db
      .select({ n: sql<number>`sum(${usageLogs.requestCount})::int` })
      .from(usageLogs)
      .where(and(eq(usageLogs.apiKeyId, partnerKey.key.id), eq(usageLogs.endpoint, '/api/v1/weather'), eq(usageLogs.statusCode, 200)));
    expect(row!.n).toBe(1);
  });

  it('is registered in the catalog by registerWeatherExampleApi, once however often it runs', async () => {
    await registerWeatherExampleApi(db);
    const { apiId } = await registerWeatherExampleApi(db);
    const rows = await db.select().from(endpoints).where(eq(endpoints.apiId, apiId));
    expect(rows.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /weather']);
    expect((await db.select().from(apis).where(eq(apis.slug, 'weather'))).length).toBe(1);
  });
});
