import 'server-only';
import { Repeater } from 'graphql-yoga';
import { tenantOf } from '@/lib/auth/tenant';
import { liveScope, liveStillAllowed, subscribeLive, type LiveEvent, type LiveScope } from '@/lib/usage/live';
import { every } from '@/lib/runtime/timers';
import { builder } from '../builder';
import { guarded, organizationScope, type GraphqlContext } from '../context';
import { StatusClass } from './request-logs';

const RequestLogged = builder.objectRef<LiveEvent>('RequestLogged').implement({
  description: 'A request, as the live traffic view shows it (no user agent).',
  fields: (t) => ({
    requestId: t.exposeID('requestId'),
    apiKeyId: t.exposeID('apiKeyId'),
    method: t.exposeString('method'),
    path: t.exposeString('path'),
    endpoint: t.exposeString('endpoint'),
    statusCode: t.exposeInt('statusCode'),
    latencyMs: t.exposeFloat('latencyMs'),
    ip: t.exposeString('ip', { nullable: true }),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => new Date(e.occurredAt) }),
  }),
});

const RequestLoggedFilter = builder.inputType('RequestLoggedFilter', {
  fields: (t) => ({
    apiKeyId: t.id(),
    endpoint: t.string({ description: 'Part of the route pattern or path' }),
    statusClass: t.field({ type: StatusClass }),
    partner: t.id({ description: 'Staff: one organization (default: all). Anyone else: only their own.' }),
  }),
});

interface Filter {
  apiKeyId?: string | number | null;
  endpoint?: string | null;
  statusClass?: string | null;
}

function matches(filter: Filter, event: LiveEvent): boolean {
  if (filter.apiKeyId != null && event.apiKeyId !== String(filter.apiKeyId)) return false;
  if (filter.endpoint && !event.endpoint.includes(filter.endpoint) && !event.path.includes(filter.endpoint)) return false;
  if (filter.statusClass && String(event.statusCode)[0] !== filter.statusClass[0]) return false;
  return true;
}

/** The same authorization as the REST live view: a key its own organization (`usage:read`); a person by the live view's policy. */
function scopeOf(ctx: GraphqlContext, partner: string | number | null | undefined): LiveScope {
  if (ctx.key) return { partnerId: organizationScope(ctx, 'usage.read') };
  return guarded(() => liveScope(tenantOf(ctx.user!), partner == null ? null : String(partner)));
}

const RECHECK_MS = 5_000;

builder.subscriptionFields((t) => ({
  requestLogged: t.field({
    type: RequestLogged,
    description: 'The organization’s requests as they happen (every instance’s when the portal runs with Redis). Needs `usage:read`.',
    authScopes: { scope: 'usage:read' },
    args: { filter: t.arg({ type: RequestLoggedFilter }) },
    subscribe: (_root, args, ctx) => {
      const filter = args.filter ?? {};
      const scope = scopeOf(ctx, filter.partner);
      const userId = ctx.user?.userId;
      return new Repeater<LiveEvent>(async (push, stop) => {
        const unsubscribe = subscribeLive(scope, (batch) => {
          for (const event of batch.events) if (matches(filter, event)) void push(event);
        });
        // A person whose access ends (disabled, role or membership changed), or a key revoked, expired or of
        // a suspended organization, stops receiving within seconds, as the REST live view does.
        const stillAllowed = userId ? () => liveStillAllowed(userId, scope) : ctx.keyStillValid;
        const recheck = every(RECHECK_MS, async () => {
          if (!(await stillAllowed().catch(() => false))) stop();
        });
        await stop;
        recheck.stop();
        unsubscribe();
      });
    },
    resolve: (event) => event,
  }),
}));
