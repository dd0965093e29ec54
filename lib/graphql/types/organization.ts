import 'server-only';
import { apiScopes, keyEnvironments, partnerStatuses, supportTiers } from '@/db/schema';
import { tenantOf } from '@/lib/auth/tenant';
import { getOwnOrganization } from '@/lib/partners/get-organization-overview';
import { builder } from '../builder';
import { guarded, type GraphqlContext } from '../context';

export interface OrganizationShape {
  id: string;
  name: string;
  slug: string;
  status: (typeof partnerStatuses)[number];
  supportTier: (typeof supportTiers)[number];
}

export const PartnerStatus = builder.enumType('PartnerStatus', { values: partnerStatuses });
export const SupportTier = builder.enumType('SupportTier', { values: supportTiers });
export const KeyEnvironment = builder.enumType('KeyEnvironment', { values: keyEnvironments });
export const Scope = builder.enumType('Scope', {
  description: 'A key scope, written as in the REST API with `_` for `:` (`usage:read` is `usage_read`).',
  values: Object.fromEntries(apiScopes.map((s) => [s.replace(':', '_'), { value: s }])) as Record<string, { value: (typeof apiScopes)[number] }>,
});

export const Organization = builder.objectRef<OrganizationShape>('Organization').implement({
  description: 'A partner organization.',
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'supportTier' in value,
  fields: (t) => ({
    id: t.globalID({ nullable: false, resolve: (o) => ({ type: 'Organization', id: o.id }) }),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    status: t.field({ type: PartnerStatus, resolve: (o) => o.status }),
    supportTier: t.field({ type: SupportTier, resolve: (o) => o.supportTier }),
  }),
});

/** The caller's own organization: a key's (from the guard's record, no query), a partner user's (the profile); none for staff. */
export async function ownOrganization(ctx: GraphqlContext): Promise<OrganizationShape | null> {
  if (ctx.key) return ctx.key.partner;
  if (!ctx.user || ctx.partnerId === null) return null;
  const organization = await guarded(() => getOwnOrganization(tenantOf(ctx.user!)));
  return { id: organization.id, name: organization.name, slug: organization.slug, status: organization.status, supportTier: organization.supportTier };
}

interface CallingKeyShape {
  id: string;
  keyName: string;
  tokenPrefix: string;
  environment: (typeof keyEnvironments)[number];
  scopes: (typeof apiScopes)[number][];
  expiresAt: number | null;
  rateLimitPerMinute: number;
}

const CallingKey = builder.objectRef<CallingKeyShape>('CallingKey').implement({
  description: 'The key making this request (what `GET /api/v1/me` shows).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('keyName'),
    prefix: t.exposeString('tokenPrefix'),
    environment: t.field({ type: KeyEnvironment, resolve: (k) => k.environment }),
    scopes: t.field({ type: [Scope], resolve: (k) => k.scopes }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => (k.expiresAt === null ? null : new Date(k.expiresAt)) }),
    rateLimitPerMinute: t.exposeInt('rateLimitPerMinute'),
  }),
});

const User = builder.objectRef<{ userId: string; name: string; email: string; role: string | null }>('User').implement({
  description: 'The signed-in portal user making this request.',
  fields: (t) => ({
    id: t.exposeID('userId'),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    role: t.exposeString('role', { nullable: true, description: '`admin`, `support`, `partner_admin` or `developer`' }),
  }),
});

const Viewer = builder.objectRef<GraphqlContext>('Viewer').implement({
  description: 'Who is calling: an API key or a signed-in user, and their organization.',
  fields: (t) => ({
    kind: t.string({ description: '`key` or `user`', resolve: (ctx) => ctx.actor.kind }),
    key: t.field({ type: CallingKey, nullable: true, resolve: (ctx) => ctx.key }),
    user: t.field({
      type: User,
      nullable: true,
      resolve: (ctx) => ctx.user && { ...ctx.user, role: ctx.user.staffRole ?? ctx.user.membership?.role ?? null },
    }),
    organization: t.field({
      type: Organization,
      nullable: true,
      description: 'Null for staff, who work across organizations.',
      resolve: (_v, _a, ctx) => ownOrganization(ctx),
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({ type: Viewer, resolve: (_root, _args, ctx) => ctx }),
  organization: t.field({ type: Organization, nullable: true, resolve: (_root, _args, ctx) => ownOrganization(ctx) }),
}));
