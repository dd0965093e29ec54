import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { NotFoundError, ForbiddenError } from '@/lib/errors';
import {
  errorRateSeries,
  latencySeries,
  quotaUse,
  requestsByStatusClass,
  topEndpoints,
  topKeys,
  usageDashboardData,
  usageSeries,
  usageTotals,
} from '@/lib/usage/analytics';
import { histogramPercentile } from '@/lib/usage/analytics/percentiles';
import { bucketStarts, granularityFor, parsePageRange } from '@/lib/usage/analytics/range';
import { NOW, RANGE, seedKnownUsage } from './analytics-fixtures';
import { tenantOf } from '@/lib/auth/tenant';

let data: Awaited<ReturnType<typeof seedKnownUsage>>;
beforeAll(async () => {
  data = await seedKnownUsage();
});

const own = () => ({ partnerId: data.org.id });
const hours = ['2025-03-10T10:00:00.000Z', '2025-03-10T11:00:00.000Z', '2025-03-10T12:00:00.000Z'];

describe('usage analytics queries', () => {
  it('(a) counts requests per hour by status class, with every bucket present', async () => {
    const points = await requestsByStatusClass(db, data.partnerAdmin, own(), RANGE);
    expect(points.map((p) => p.at.toISOString())).toEqual(hours);
    expect(points.map(({ at: _at, ...classes }) => classes)).toEqual([
      { '2xx': 53, '3xx': 2, '4xx': 0, '5xx': 0 },
      { '2xx': 45, '3xx': 0, '4xx': 0, '5xx': 5 },
      { '2xx': 0, '3xx': 0, '4xx': 30, '5xx': 0 },
    ]);
  });

  it('(b) computes the error rate (4xx and 5xx) per bucket', async () => {
    const points = await errorRateSeries(db, data.developer, own(), RANGE);
    expect(points.map((p) => [p.requests, p.errors, p.errorRate])).toEqual([
      [55, 0, 0],
      [50, 5, 0.1],
      [30, 30, 1],
    ]);
  });

  it('(c) derives p50/p95/p99 from the summed histogram, interpolated in the bucket and capped at the max', async () => {
    const points = await latencySeries(db, data.partnerAdmin, own(), RANGE);
    // 10:00: 55 requests ≤ 5 ms, the slowest 4 ms.
    expect(points[0]).toMatchObject({ p50: 2.5, p95: 4, p99: 4 });
    // 11:00: 45 in (25, 50] ms, 5 in (250, 500] ms, the slowest 400 ms.
    expect(points[1]).toMatchObject({ p50: 38.9, p95: 375, p99: 400 });
    expect(histogramPercentile([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.5)).toBeNull();
    // The open last bucket (> 5 s) reaches up to the slowest request.
    expect(histogramPercentile([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10], 0.5, 7000)).toBe(6000);
  });

  it('(a)+(b)+(c) from one scan agree with the separate queries', async () => {
    const series = await usageSeries(db, data.partnerAdmin, own(), RANGE);
    expect(series[1]).toMatchObject({ requests: 50, errors: 5, statusClasses: { '2xx': 45, '5xx': 5 }, p95: 375 });
  });

  it('(d) orders the top endpoints by requests, with error rate and p95', async () => {
    const endpoints = await topEndpoints(db, data.partnerAdmin, own(), RANGE);
    expect(endpoints).toEqual([
      { method: 'GET', endpoint: '/api/v1/me', requests: 120, errors: 20, errorRate: 20 / 120, p95: expect.any(Number) },
      { method: 'GET', endpoint: '/api/v1/keys', requests: 15, errors: 15, errorRate: 1, p95: 400 },
    ]);
  });

  it('(e) orders the top keys by requests, with error rate and last seen', async () => {
    const keys = await topKeys(db, data.partnerAdmin, own(), RANGE);
    expect(keys.map((k) => [k.apiKeyId, k.requests, k.errors, k.lastSeenAt.toISOString()])).toEqual([
      [data.k1.key.id, 132, 35, '2025-03-10T12:59:00.000Z'],
      [data.k2.key.id, 3, 0, '2025-03-10T10:00:00.000Z'],
    ]);
  });

  it('(f) counts billable requests this UTC month against the key quota or the org default', async () => {
    const quotas = await quotaUse(db, data.developer, own(), RANGE, { now: NOW });
    expect(quotas.map((q) => [q.apiKeyId, q.used, q.quota, q.percent])).toEqual([
      // 50 + 2 + 45 + 5 + 10 + 7 (the 429s are not billable; February does not count).
      [data.k1.key.id, 119, 1000, 11.9],
      [data.k2.key.id, 3, 300, 1],
    ]);
  });

  it('(g) sums the range', async () => {
    const totals = await usageTotals(db, data.partnerAdmin, own(), RANGE);
    expect(totals).toMatchObject({ requests: 135, errors: 35, statusClasses: { '2xx': 98, '3xx': 2, '4xx': 30, '5xx': 5 } });
    expect(totals.errorRate).toBeCloseTo(35 / 135);
  });

  it('scopes to one key', async () => {
    const totals = await usageTotals(db, data.developer, { partnerId: data.org.id, apiKeyId: data.k2.key.id }, RANGE);
    expect(totals.requests).toBe(3);
  });

  it('usageDashboardData runs every query for the scope', async () => {
    const dashboard = await usageDashboardData(tenantOf(data.partnerAdmin), {}, RANGE, { now: NOW });
    expect(dashboard.series).toHaveLength(3);
    expect(dashboard.series[2]).toMatchObject({ requests: 30, errorRate: 1 });
    expect(dashboard.topEndpoints).toHaveLength(2);
    expect(dashboard.topKeys).toHaveLength(2);
    expect(dashboard.quotaUse[0]?.used).toBe(119);
    expect(dashboard.totals.requests).toBe(135);
  });
});

describe('usage analytics over the rollups (ranges over 6 hours)', () => {
  // Org A on 2025-03-10: 10:00 55, 11:00 50, 12:00 30, 13:00 7 (all /api/v1/me 2xx); on 2025-02-28: 500.
  const day10 = { from: new Date('2025-03-10T00:00:00Z'), to: new Date('2025-03-11T00:00:00Z'), granularity: 'hour' as const };
  const march = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-15T00:00:00Z'), granularity: 'day' as const };

  it('an organization by hour comes from usage_hourly, with the same series and totals as the minutes', async () => {
    const series = await usageSeries(db, data.partnerAdmin, own(), day10);
    expect(series).toHaveLength(24);
    expect(series.slice(10, 14).map((p) => [p.at.toISOString(), p.requests, p.errors])).toEqual([
      ['2025-03-10T10:00:00.000Z', 55, 0],
      ['2025-03-10T11:00:00.000Z', 50, 5],
      ['2025-03-10T12:00:00.000Z', 30, 30],
      ['2025-03-10T13:00:00.000Z', 7, 0],
    ]);
    expect(series[11]).toMatchObject({ statusClasses: { '2xx': 45, '3xx': 0, '4xx': 0, '5xx': 5 }, p50: 38.9, p95: 375, p99: 400 });
    expect((await requestsByStatusClass(db, data.partnerAdmin, own(), day10))[10]).toMatchObject({ '2xx': 53, '3xx': 2 });
    expect((await errorRateSeries(db, data.partnerAdmin, own(), day10))[12]).toMatchObject({ requests: 30, errors: 30, errorRate: 1 });
    expect((await latencySeries(db, data.partnerAdmin, own(), day10))[10]).toMatchObject({ p50: 2.5, p95: 4, p99: 4 });
    const totals = await usageTotals(db, data.partnerAdmin, own(), day10);
    expect(totals).toMatchObject({ requests: 142, errors: 35, statusClasses: { '2xx': 105, '3xx': 2, '4xx': 30, '5xx': 5 } });
    expect(totals.averageLatencyMs).toBeCloseTo((50 * 2 + 2 + 3 * 1.5 + 45 * 20 + 5 * 200 + 20 * 0.5 + 10 * 4 + 7) / 142, 1);
  });

  it('rounds the range out to whole hours', async () => {
    // 06:29 … 12:31 reads 06:00 … 13:00: the 10 requests of 12:59 are in.
    const range = { from: new Date('2025-03-10T06:29:00Z'), to: new Date('2025-03-10T12:31:00Z'), granularity: 'hour' as const };
    expect((await usageTotals(db, data.partnerAdmin, own(), range)).requests).toBe(135);
    expect((await usageSeries(db, data.partnerAdmin, own(), range)).map((p) => p.requests)).toEqual([0, 0, 0, 0, 55, 50, 30]);
  });

  it('by day sums the hours, for an organization and for all', async () => {
    const series = await usageSeries(db, data.partnerAdmin, own(), march);
    expect(series).toHaveLength(14);
    expect(series.filter((p) => p.requests > 0).map((p) => [p.at.toISOString(), p.requests, p.errors])).toEqual([['2025-03-10T00:00:00.000Z', 142, 35]]);
    expect((await usageTotals(db, data.partnerAdmin, own(), { ...march, from: new Date('2025-02-20T00:00:00Z') })).requests).toBe(642);
    expect((await usageTotals(db, data.admin, { partnerId: null }, march)).requests).toBe(1142);
  });

  it('a key by day comes from usage_daily_keys; by hour from usage_logs', async () => {
    const key = { partnerId: data.org.id, apiKeyId: data.k1.key.id };
    const series = await usageSeries(db, data.developer, key, march);
    expect(series[9]).toMatchObject({ requests: 139, errors: 35, statusClasses: { '2xx': 102, '3xx': 2, '4xx': 30, '5xx': 5 } });
    expect((await usageTotals(db, data.developer, key, march)).requests).toBe(139);
    expect((await usageTotals(db, data.developer, { ...key, apiKeyId: data.k2.key.id }, day10)).requests).toBe(3);
  });

  it('top endpoints and top keys by day count whole UTC days', async () => {
    // 2025-03-10 12:00 … 2025-03-14 reads from 2025-03-10 00:00: the whole of March 10.
    const range = { from: new Date('2025-03-10T12:00:00Z'), to: new Date('2025-03-14T00:00:00Z'), granularity: 'day' as const };
    const endpoints = await topEndpoints(db, data.partnerAdmin, own(), range);
    expect(endpoints.map((e) => [e.method, e.endpoint, e.requests, e.errors, e.p95])).toEqual([
      ['GET', '/api/v1/me', 127, 20, expect.any(Number)],
      ['GET', '/api/v1/keys', 15, 15, 400],
    ]);
    const keys = await topKeys(db, data.partnerAdmin, own(), range);
    expect(keys.map((k) => [k.apiKeyId, k.requests, k.errors, k.lastSeenAt.toISOString()])).toEqual([
      [data.k1.key.id, 139, 35, '2025-03-10T13:00:00.000Z'],
      [data.k2.key.id, 3, 0, '2025-03-10T10:00:00.000Z'],
    ]);
    const everyone = await topKeys(db, data.admin, { partnerId: null }, range);
    expect(everyone.map((k) => [k.apiKeyId, k.requests, k.partnerName])).toEqual([
      [data.kb.key.id, 1000, 'Other Org'],
      [data.k1.key.id, 139, data.org.name],
      [data.k2.key.id, 3, data.org.name],
    ]);
  });

  it('an endpoint filter keeps reading usage_logs, exact to the minute', async () => {
    const range = { ...day10, from: new Date('2025-03-10T11:30:00Z') };
    expect((await usageTotals(db, data.partnerAdmin, { ...own(), endpoint: '/api/v1/keys' }, range)).requests).toBe(10);
    expect((await topEndpoints(db, data.partnerAdmin, { ...own(), endpoint: '/api/v1/keys' }, march)).map((e) => e.requests)).toEqual([15]);
  });

  it('usageDashboardData over days agrees with the parts', async () => {
    const dashboard = await usageDashboardData(tenantOf(data.partnerAdmin), {}, march, { now: NOW });
    expect(dashboard.series.reduce((sum, p) => sum + p.requests, 0)).toBe(dashboard.totals.requests);
    expect(dashboard.totals.requests).toBe(142);
    expect(dashboard.topEndpoints.reduce((sum, e) => sum + e.requests, 0)).toBe(142);
    expect(dashboard.topKeys.reduce((sum, k) => sum + k.requests, 0)).toBe(142);
    expect(dashboard.quotaUse.map((q) => q.used)).toEqual([119, 3]);
  });
});

describe('who may read usage', () => {
  it('a partner user never reads another organization, nor its keys (404)', async () => {
    for (const actor of [data.partnerAdmin, data.developer]) {
      await expect(usageTotals(db, actor, { partnerId: data.orgB.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
      await expect(usageTotals(db, actor, { partnerId: data.org.id, apiKeyId: data.kb.key.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
      // The organization named by the caller is ignored for a partner user: their own, where the other's key is not.
      await expect(usageDashboardData(tenantOf(actor, data.orgB.id), { apiKeyId: data.kb.key.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
      await expect(usageTotals(db, actor, { partnerId: data.org.id, apiKeyId: 'key_doesnotexist' }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
      // Every organization at once is for staff.
      await expect(usageTotals(db, actor, { partnerId: null }, RANGE)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('staff read every organization, one, or any key', async () => {
    for (const actor of [data.admin, data.support]) {
      expect((await usageTotals(db, actor, { partnerId: null }, RANGE)).requests).toBe(1135);
      expect((await usageTotals(db, actor, { partnerId: data.orgB.id }, RANGE)).requests).toBe(1000);
      expect((await usageTotals(db, actor, { partnerId: null, apiKeyId: data.kb.key.id }, RANGE)).requests).toBe(1000);
      // A key named under the wrong organization is still not found.
      await expect(usageTotals(db, actor, { partnerId: data.org.id, apiKeyId: data.kb.key.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe('usage ranges', () => {
  it('picks the granularity from the span', () => {
    const at = (h: number) => new Date(Date.UTC(2025, 0, 1) + h * 3_600_000);
    expect(granularityFor(at(0), at(6))).toBe('minute');
    expect(granularityFor(at(0), at(7))).toBe('hour');
    expect(granularityFor(at(0), at(72))).toBe('hour');
    expect(granularityFor(at(0), at(73))).toBe('day');
  });

  it('reads presets and custom days from the URL, and refuses bad ones', () => {
    const now = new Date('2025-03-10T12:34:56Z');
    expect(parsePageRange({}, now)).toMatchObject({ choice: '24h', range: { granularity: 'hour', to: new Date('2025-03-10T12:35:00Z') } });
    expect(parsePageRange({ range: '30d' }, now).range.granularity).toBe('day');
    const custom = parsePageRange({ range: 'custom', from: '2025-03-01', to: '2025-03-05' }, now);
    expect(custom.range).toEqual({ from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-06T00:00:00Z'), granularity: 'day' });
    expect(bucketStarts(custom.range)).toHaveLength(5);
    expect(parsePageRange({ range: 'custom', from: '2025-03-05', to: '2025-03-01' }, now).error).toMatch(/before/);
    expect(parsePageRange({ range: 'custom', from: '2024-01-01', to: '2025-03-01' }, now).error).toMatch(/90 days/);
    expect(parsePageRange({ range: 'custom', from: '2025-02-30', to: '2025-03-01' }, now).error).toBeTruthy();
  });
});
