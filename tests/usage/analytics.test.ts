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
    const dashboard = await usageDashboardData(db, data.partnerAdmin, own(), RANGE, { now: NOW });
    expect(dashboard.series).toHaveLength(3);
    expect(dashboard.series[2]).toMatchObject({ requests: 30, errorRate: 1 });
    expect(dashboard.topEndpoints).toHaveLength(2);
    expect(dashboard.topKeys).toHaveLength(2);
    expect(dashboard.quotaUse[0]?.used).toBe(119);
    expect(dashboard.totals.requests).toBe(135);
  });
});

describe('who may read usage', () => {
  it('a partner user never reads another organization, nor its keys (404)', async () => {
    for (const actor of [data.partnerAdmin, data.developer]) {
      await expect(usageTotals(db, actor, { partnerId: data.orgB.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
      await expect(usageTotals(db, actor, { partnerId: data.org.id, apiKeyId: data.kb.key.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
      await expect(usageDashboardData(db, actor, { partnerId: data.orgB.id, apiKeyId: data.kb.key.id }, RANGE)).rejects.toBeInstanceOf(NotFoundError);
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
