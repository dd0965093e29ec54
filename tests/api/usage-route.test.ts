import { beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../support/api-client';
import { seedKnownUsage } from '../usage/analytics-fixtures';

let data: Awaited<ReturnType<typeof seedKnownUsage>>;
beforeAll(async () => {
  data = await seedKnownUsage();
});

const RANGE_QUERY = 'from=2025-03-10T10:00:00Z&to=2025-03-10T13:00:00Z';

describe('GET /api/v1/usage', () => {
  it("answers the calling key's organization's series and totals", async () => {
    const answer = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}&granularity=hour`, { key: data.k1.secret });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ from: '2025-03-10T10:00:00.000Z', to: '2025-03-10T13:00:00.000Z', granularity: 'hour' });
    const series = answer.body.series as Record<string, unknown>[];
    expect(series.map((p) => [p.at, p.requests, p.errors])).toEqual([
      ['2025-03-10T10:00:00.000Z', 55, 0],
      ['2025-03-10T11:00:00.000Z', 50, 5],
      ['2025-03-10T12:00:00.000Z', 30, 30],
    ]);
    expect(series[1]).toMatchObject({ statusClasses: { '2xx': 45, '3xx': 0, '4xx': 0, '5xx': 5 }, p50: 38.9, p95: 375, p99: 400 });
    expect(answer.body.totals).toMatchObject({ requests: 135, errors: 35, statusClasses: { '2xx': 98, '3xx': 2, '4xx': 30, '5xx': 5 } });
  });

  it('picks the granularity from the span, and filters by key and endpoint', async () => {
    const byMinute = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}&apiKeyId=${data.k2.key.id}`, { key: data.k1.secret });
    expect(byMinute.status).toBe(200);
    expect(byMinute.body.granularity).toBe('minute');
    expect(byMinute.body.series).toHaveLength(180);
    expect(byMinute.body.totals).toMatchObject({ requests: 3 });
    const endpoint = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}&endpoint=${encodeURIComponent('/api/v1/keys')}`, { key: data.k1.secret });
    expect(endpoint.body.totals).toMatchObject({ requests: 15, errors: 15 });
  });

  it('never answers for another organization: its key is a 404, and its traffic is not counted', async () => {
    const foreign = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}&apiKeyId=${data.k1.key.id}`, { key: data.kb.secret });
    expect(foreign.status).toBe(404);
    expect(foreign.contentType).toContain('application/problem+json');
    const unknown = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}&apiKeyId=key_nothere`, { key: data.kb.secret });
    expect(unknown.status).toBe(404);
    const own = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}`, { key: data.kb.secret });
    expect(own.body.totals).toMatchObject({ requests: 1000 });
    // A `partnerId` in the query is not a parameter: it changes nothing.
    const sneaky = await callApi('GET', `/api/v1/usage?${RANGE_QUERY}&partnerId=${data.org.id}`, { key: data.kb.secret });
    expect(sneaky.body.totals).toMatchObject({ requests: 1000 });
  });

  it('needs the usage:read scope', async () => {
    const answer = await callApi('GET', '/api/v1/usage', { key: data.k2.secret });
    expect(answer.status).toBe(403);
  });

  it('defaults to the last 24 hours', async () => {
    const answer = await callApi('GET', '/api/v1/usage', { key: data.k1.secret });
    expect(answer.status).toBe(200);
    expect(answer.body.granularity).toBe('hour');
    expect(new Date(answer.body.to as string).getTime() - new Date(answer.body.from as string).getTime()).toBe(24 * 3_600_000);
  });

  it.each([
    ['from after to', 'from=2025-03-10T13:00:00Z&to=2025-03-10T10:00:00Z', 'query.from'],
    ['more than 90 days', 'from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', 'query.to'],
    ['minutes over more than 48 hours', 'from=2025-03-01T00:00:00Z&to=2025-03-04T00:00:00Z&granularity=minute', 'query.granularity'],
    ['a date that is not ISO 8601', 'from=yesterday', 'query.from'],
    ['an unknown granularity', 'granularity=week', 'query.granularity'],
  ])('refuses %s with 400', async (_case, query, field) => {
    const answer = await callApi('GET', `/api/v1/usage?${query}`, { key: data.k1.secret });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(Object.keys(answer.body.errors as object)).toContain(field);
  });

  it('is in the OpenAPI document with its parameters', async () => {
    const doc = await callApi('GET', '/api/v1/openapi.json');
    const operation = (doc.body.paths as Record<string, Record<string, { parameters: { name: string }[]; 'x-required-scope': string }>>)['/usage']!.get!;
    expect(operation['x-required-scope']).toBe('usage:read');
    expect(operation.parameters.map((p) => p.name).sort()).toEqual(['apiKeyId', 'endpoint', 'from', 'granularity', 'to']);
  });
});
