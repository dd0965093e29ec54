import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { requestLogs } from '@/db/schema';
import type { AnyApiRouteSpec } from '@/lib/api/api-route-spec';
import { defineApiRoute } from '@/lib/api/define-api-route';
import { flushMetering } from '@/lib/usage/metering-buffer';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

afterEach(() => {
  delete process.env.API_HANDLER_DEADLINE_MS;
});

describe('a handler that never finishes (a database connection lost under a query)', () => {
  it('is answered with a 503 problem and Retry-After at the deadline, and metered like any answer', async () => {
    process.env.API_HANDLER_DEADLINE_MS = '100';
    const org = await createOrg();
    const { key, secret } = await issueKey(org.id);
    const stuck = defineApiRoute({
      method: 'GET',
      path: '/deadline-probe',
      tag: 'Test',
      summary: 'probe',
      access: { scope: null },
      response: { status: 200, description: 'never' },
      handler: () => new Promise(() => {}),
    } as unknown as AnyApiRouteSpec);
    const started = performance.now();
    const answer = await stuck(new Request('http://localhost/api/v1/deadline-probe', { headers: { authorization: `Bearer ${secret}` } }), {
      params: Promise.resolve({}),
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(((await answer.json()) as { type: string }).type).toBe('/docs/v1/errors#unavailable');
    await flushMetering({ untilEmpty: true });
    const logged = await db.select({ status: requestLogs.statusCode }).from(requestLogs).where(eq(requestLogs.apiKeyId, key.id));
    expect(logged).toEqual([{ status: 503 }]);
  });
});
