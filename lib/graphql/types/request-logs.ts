import 'server-only';
import { queryRequestLogs, statusClasses, type RequestLogRow } from '@/lib/usage/request-explorer';
import { isStorableText } from '@/lib/validation/storable';
import { builder } from '../builder';
import { organizationScope } from '../context';
import { connectionComplexity, pagedConnection } from '../pagination';

export const StatusClass = builder.enumType('StatusClass', { values: Object.fromEntries(statusClasses.map((c) => [`s${c}`, { value: c }])) });

export const RequestLog = builder.objectRef<RequestLogRow>('RequestLog').implement({
  description: 'One recent request (the request explorer’s row).',
  fields: (t) => ({
    requestId: t.exposeID('id'),
    apiKeyId: t.exposeID('apiKeyId'),
    keyPrefix: t.exposeString('keyPrefix', { nullable: true }),
    method: t.exposeString('method'),
    path: t.exposeString('path'),
    endpoint: t.exposeString('endpoint'),
    statusCode: t.exposeInt('statusCode'),
    latencyMs: t.exposeFloat('latencyMs'),
    ip: t.exposeString('ip', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

const RequestLogFilter = builder.inputType('RequestLogFilter', {
  description: 'The request explorer’s filters.',
  fields: (t) => ({
    key: t.string({ description: "A key's id or the start of its prefix" }),
    status: t.int(),
    statusClass: t.field({ type: StatusClass }),
    endpoint: t.string({ description: 'Part of the route pattern or of the path' }),
    requestId: t.string(),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  requestLogs: t.connection({
    type: RequestLog,
    nullable: true,
    description: 'Recent requests of the organization, newest first. Needs `usage:read`.',
    authScopes: { scope: 'usage:read' },
    complexity: (args) => ({ field: 5, multiplier: connectionComplexity(args).multiplier }),
    args: { filter: t.arg({ type: RequestLogFilter }) },
    resolve: (_root, args, ctx) => {
      const partnerId = organizationScope(ctx, 'usage.read');
      const f = args.filter ?? {};
      // Like the explorer's URL filters: text Postgres cannot store is an ignored filter, not a database error.
      const clip = (value: string | null | undefined, max: number) => (value && isStorableText(value) ? value.slice(0, max) : undefined);
      return pagedConnection(args, (page, pageSize) =>
        queryRequestLogs(partnerId, {
          page,
          pageSize,
          sort: 'occurred',
          direction: 'desc',
          q: '',
          key: clip(f.key, 100),
          status: f.status ?? undefined,
          statusClass: f.statusClass ?? undefined,
          endpoint: clip(f.endpoint, 200),
          requestId: clip(f.requestId, 100),
          from: f.from ?? undefined,
          to: f.to ?? undefined,
        }),
      );
    },
  }),
}));
