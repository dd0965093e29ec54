import { z } from 'zod';
import { storableIsoDateTime, storableText } from '@/lib/validation/storable';
import { db } from '@/db';
import { keyPartnerId, queryTotals, queryUsageSeries, statusClasses } from '@/lib/usage/analytics/queries';
import { granularities, granularityFor, MAX_MINUTE_RANGE_MS, MAX_RANGE_MS, type UsageRange } from '@/lib/usage/analytics/range';
import { guardedRoute } from '../api-route-spec';
import { ApiProblem } from '../problem';

const DAY_MS = 24 * 60 * 60 * 1000;

export const usageQuery = z
  .object({
    from: storableIsoDateTime({ offset: true }).optional().describe('Start (inclusive), ISO 8601. Default: 24 hours before `to`.'),
    to: storableIsoDateTime({ offset: true }).optional().describe('End (exclusive), ISO 8601. Default: now. At most 90 days after `from`.'),
    granularity: z
      .enum(granularities)
      .optional()
      .describe('Bucket size. Default from the span: minute up to 6 hours, hour up to 3 days, else day. `minute` allows spans up to 48 hours.'),
    apiKeyId: storableText().min(1).max(64).optional().describe("Only this key's requests (a key of your organization)."),
    endpoint: storableText().min(1).max(200).optional().describe('Only this route pattern, e.g. `/api/v1/me`.'),
  })
  .superRefine((query, ctx) => {
    const range = resolveRange(query, new Date());
    if (range.to.getTime() <= range.from.getTime()) ctx.addIssue({ code: 'custom', path: ['from'], message: '`from` must be before `to`.' });
    else if (range.to.getTime() - range.from.getTime() > MAX_RANGE_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The range can be at most 90 days.' });
    else if (range.granularity === 'minute' && range.to.getTime() - range.from.getTime() > MAX_MINUTE_RANGE_MS) {
      ctx.addIssue({ code: 'custom', path: ['granularity'], message: '`minute` is for ranges of at most 48 hours; use `hour` or `day`.' });
    }
  });

type UsageQuery = { from?: string; to?: string; granularity?: UsageRange['granularity'] };

export function resolveRange(query: UsageQuery, now: Date): UsageRange {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
  return { from, to, granularity: query.granularity ?? granularityFor(from, to) };
}

const statusClassesSchema = z.object(
  Object.fromEntries(statusClasses.map((c) => [c, z.number().int()])) as Record<(typeof statusClasses)[number], z.ZodNumber>,
);
const percentilesShape = {
  p50: z.number().nullable().describe('Milliseconds; interpolated within the latency histogram bucket. Null without requests.'),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
};

export const usageResponse = z.object({
  from: z.string(),
  to: z.string(),
  granularity: z.enum(granularities),
  series: z.array(
    z.object({
      at: z.string().describe('Start of the bucket (UTC)'),
      requests: z.number().int(),
      errors: z.number().int().describe('Answers with status 400 or above'),
      statusClasses: statusClassesSchema,
      ...percentilesShape,
    }),
  ),
  totals: z.object({
    requests: z.number().int(),
    errors: z.number().int(),
    errorRate: z.number().describe('errors / requests, 0 to 1'),
    statusClasses: statusClassesSchema,
    averageLatencyMs: z.number().nullable(),
    ...percentilesShape,
  }),
});

export const usageRoute = guardedRoute({
  method: 'GET',
  path: '/usage',
  tag: 'Usage',
  summary: "Your organization's usage over time",
  description: 'Requests, errors, status classes and latency percentiles per minute, hour or day, for the whole organization or one key or endpoint.',
  access: { scope: 'usage:read' },
  query: usageQuery,
  response: { status: 200, description: 'The series and its totals', schema: usageResponse },
  problems: ['not_found'],
  async handler({ key, query }): Promise<z.infer<typeof usageResponse>> {
    const range = resolveRange(query, new Date());
    // The organization is the calling key's, never the query's; another organization's key does not exist here.
    if (query.apiKeyId && (await keyPartnerId(db, query.apiKeyId)) !== key.partnerId) {
      throw new ApiProblem('not_found', 'There is no key with this id in your organization.');
    }
    const filter = { partnerId: key.partnerId, apiKeyId: query.apiKeyId, endpoint: query.endpoint };
    const [series, totals] = await Promise.all([queryUsageSeries(db, filter, range), queryTotals(db, filter, range)]);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      granularity: range.granularity,
      series: series.map((point) => ({ ...point, at: point.at.toISOString() })),
      totals,
    };
  },
});
