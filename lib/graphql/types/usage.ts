import 'server-only';
import { db } from '@/db';
import { usageQuery, resolveRange } from '@/lib/api/routes/usage';
import { keyPartnerId, queryTotals, queryUsageSeries, type UsageSeriesPoint, type UsageTotals } from '@/lib/usage/analytics/queries';
import { granularities, type UsageRange } from '@/lib/usage/analytics/range';
import { builder } from '../builder';
import { clientError, notFound, organizationScope } from '../context';
import { keyIdOf } from './api-keys';

const Granularity = builder.enumType('Granularity', { values: granularities });

const StatusClasses = builder.objectRef<UsageTotals['statusClasses']>('StatusClasses').implement({
  fields: (t) => ({
    s2xx: t.int({ resolve: (c) => c['2xx'] }),
    s3xx: t.int({ resolve: (c) => c['3xx'] }),
    s4xx: t.int({ resolve: (c) => c['4xx'] }),
    s5xx: t.int({ resolve: (c) => c['5xx'] }),
  }),
});

const UsagePoint = builder.objectRef<UsageSeriesPoint>('UsagePoint').implement({
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'Start of the bucket (UTC)' }),
    requests: t.exposeInt('requests'),
    errors: t.exposeInt('errors', { description: 'Answers with status 400 or above' }),
    statusClasses: t.field({ type: StatusClasses, resolve: (p) => p.statusClasses }),
    p50: t.exposeFloat('p50', { nullable: true }),
    p95: t.exposeFloat('p95', { nullable: true }),
    p99: t.exposeFloat('p99', { nullable: true }),
  }),
});

const UsageTotalsRef = builder.objectRef<UsageTotals>('UsageTotals').implement({
  fields: (t) => ({
    requests: t.exposeInt('requests'),
    errors: t.exposeInt('errors'),
    errorRate: t.exposeFloat('errorRate'),
    statusClasses: t.field({ type: StatusClasses, resolve: (p) => p.statusClasses }),
    averageLatencyMs: t.exposeFloat('averageLatencyMs', { nullable: true }),
    p50: t.exposeFloat('p50', { nullable: true }),
    p95: t.exposeFloat('p95', { nullable: true }),
    p99: t.exposeFloat('p99', { nullable: true }),
  }),
});

interface UsageShape {
  range: UsageRange;
  filter: { partnerId: string | null; apiKeyId?: string; endpoint?: string };
}

const Usage = builder.objectRef<UsageShape>('Usage').implement({
  description: 'Requests, errors, status classes and latency over time (what `GET /api/v1/usage` answers).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (u) => u.range.from }),
    to: t.field({ type: 'DateTime', resolve: (u) => u.range.to }),
    granularity: t.field({ type: Granularity, resolve: (u) => u.range.granularity }),
    series: t.field({ type: [UsagePoint], complexity: { field: 10, multiplier: 5 }, resolve: (u) => queryUsageSeries(db, u.filter, u.range) }),
    totals: t.field({ type: UsageTotalsRef, complexity: 5, resolve: (u) => queryTotals(db, u.filter, u.range) }),
  }),
});

builder.queryFields((t) => ({
  usage: t.field({
    type: Usage,
    nullable: true,
    description: 'Usage of the organization (or one of its keys or endpoints). Needs `usage:read`. Same ranges and defaults as the REST route.',
    authScopes: { scope: 'usage:read' },
    complexity: 10,
    args: {
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
      granularity: t.arg({ type: Granularity }),
      apiKeyId: t.arg.id(),
      endpoint: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const partnerId = organizationScope(ctx, 'usage.read');
      const apiKeyId = args.apiKeyId == null ? undefined : (keyIdOf(String(args.apiKeyId)) ?? '');
      // The same validation as REST's query string: one set of rules for the range.
      const parsed = usageQuery.safeParse({
        from: args.from?.toISOString(),
        to: args.to?.toISOString(),
        granularity: args.granularity ?? undefined,
        apiKeyId,
        endpoint: args.endpoint ?? undefined,
      });
      if (!parsed.success) throw clientError('BAD_USER_INPUT', parsed.error.issues.map((i) => i.message).join(' '));
      if (apiKeyId !== undefined) {
        const owner = await keyPartnerId(db, apiKeyId);
        if (owner === null || (partnerId !== null && owner !== partnerId)) throw notFound('There is no key with this id in your organization.');
      }
      return { range: resolveRange(parsed.data, new Date()), filter: { partnerId, apiKeyId, endpoint: parsed.data.endpoint } };
    },
  }),
}));
