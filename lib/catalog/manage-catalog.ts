import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Transaction } from '@/db';
import { apis, endpoints, type EndpointStatus } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { isUniqueViolation } from '@/lib/actions/execute-action';
import { InputError, NotFoundError, fieldError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { slugify } from '@/lib/partners/slug';
import { createApiInput, createEndpointInput, endpointIdInput, updateApiInput, updateEndpointInput } from './catalog-input';
import { announceCatalogChange } from './endpoint-lifecycle';
import { PORTAL_API } from './portal-api';

const catalogPolicy = () => ({ action: 'catalog.write' as const, resource: { partnerId: null } });

const apiTaken = (slug: string, version: string) => fieldError('slug', `An API "${slug}" ${version} already exists`);

async function assertApiSlugFree(tx: Transaction, slug: string, version: string, exceptId?: string) {
  const conditions = [eq(apis.slug, slug), eq(apis.version, version)];
  if (exceptId) conditions.push(ne(apis.id, exceptId));
  const [taken] = await tx
    .select({ id: apis.id })
    .from(apis)
    .where(and(...conditions));
  if (taken) throw apiTaken(slug, version);
}

function uniqueOr(error: unknown, replacement: Error): never {
  throw isUniqueViolation(error) ? replacement : error;
}

interface ApiChange {
  id: string;
  name: string;
  slug: string;
  version: string;
}

export const createApiSpec: UserActionSpec<typeof createApiInput, ApiChange, { id: string }> = {
  name: 'createApi',
  access: 'user',
  input: createApiInput,
  policy: catalogPolicy,
  async run({ input, tx, actor }) {
    const slug = input.slug ?? slugify(input.name, { fallback: 'api' });
    await assertApiSlugFree(tx, slug, input.version);
    const row = { id: newId('api'), name: input.name, slug, version: input.version, description: input.description, ownerId: actor.userId };
    await tx
      .insert(apis)
      .values(row)
      .catch((e: unknown) => uniqueOr(e, apiTaken(slug, input.version)));
    return row;
  },
  message: (api) => `${api.name} ${api.version} is in the catalog. Add its endpoints next.`,
  data: (api) => ({ id: api.id }),
  audit: (api) => ({
    action: 'api.create',
    partnerId: null,
    targetType: 'api',
    targetId: api.id,
    metadata: { name: api.name, slug: api.slug, version: api.version },
  }),
};

export const updateApiSpec: UserActionSpec<typeof updateApiInput, ApiChange> = {
  name: 'updateApi',
  access: 'user',
  input: updateApiInput,
  policy: catalogPolicy,
  async run({ input, tx }) {
    const [current] = await tx.select().from(apis).where(eq(apis.id, input.apiId)).for('update');
    if (!current) throw new NotFoundError('This API is no longer in the catalog.');
    const slug = input.slug ?? current.slug;
    // The guard and the start-up sync find the portal's own API by its slug and version.
    if (current.slug === PORTAL_API.slug && current.version === PORTAL_API.version && (slug !== current.slug || input.version !== current.version)) {
      throw new InputError('The slug and version of the portal’s own API cannot change.', { slug: ['Fixed for the portal’s own API'] });
    }
    await assertApiSlugFree(tx, slug, input.version, current.id);
    await tx
      .update(apis)
      .set({ name: input.name, slug, version: input.version, description: input.description })
      .where(eq(apis.id, current.id))
      .catch((e: unknown) => uniqueOr(e, apiTaken(slug, input.version)));
    return { id: current.id, name: input.name, slug, version: input.version };
  },
  message: (api) => `${api.name} ${api.version} is saved.`,
  audit: (api) => ({
    action: 'api.update',
    partnerId: null,
    targetType: 'api',
    targetId: api.id,
    metadata: { name: api.name, slug: api.slug, version: api.version },
  }),
};

async function lockEndpoint(tx: Transaction, endpointId: string) {
  const [current] = await tx.select().from(endpoints).where(eq(endpoints.id, endpointId)).for('update');
  if (!current) throw new NotFoundError('This endpoint is no longer in the catalog.');
  return current;
}

interface EndpointChange {
  id: string;
  apiId: string;
  method: string;
  path: string;
  status: EndpointStatus;
  previousStatus: EndpointStatus | null;
  sunsetAt: Date | null;
}

const endpointTaken = (method: string, path: string) => fieldError('path', `This API already has ${method} ${path}`);

function endpointAudit(action: string, e: EndpointChange) {
  return {
    action,
    partnerId: null,
    targetType: 'endpoint',
    targetId: e.id,
    metadata: {
      method: e.method,
      path: e.path,
      status: e.status,
      ...(e.previousStatus && e.previousStatus !== e.status ? { previousStatus: e.previousStatus } : {}),
      sunsetAt: e.sunsetAt?.toISOString() ?? null,
    },
  };
}

/** A status change is its own audit action, so the trail can be filtered for deprecations. */
function endpointAuditEntries(e: EndpointChange, base: 'endpoint.create' | 'endpoint.update') {
  const entries = [endpointAudit(base, e)];
  if (e.previousStatus !== e.status && e.status !== 'active')
    entries.push(endpointAudit(e.status === 'deprecated' ? 'endpoint.deprecate' : 'endpoint.retire', e));
  return entries;
}

export const createEndpointSpec: UserActionSpec<typeof createEndpointInput, EndpointChange> = {
  name: 'createEndpoint',
  access: 'user',
  input: createEndpointInput,
  policy: catalogPolicy,
  async run({ input, tx, afterCommit }) {
    const [api] = await tx.select({ id: apis.id }).from(apis).where(eq(apis.id, input.apiId));
    if (!api) throw new NotFoundError('This API is no longer in the catalog.');
    const row = {
      id: newId('ept'),
      apiId: api.id,
      method: input.method,
      path: input.path,
      description: input.description,
      requiredScope: input.requiredScope ?? null,
      status: input.status,
      deprecatedAt: input.status === 'active' ? null : new Date(),
      sunsetAt: input.sunsetAt ?? null,
      source: 'manual' as const,
    };
    await tx
      .insert(endpoints)
      .values(row)
      .catch((e: unknown) => uniqueOr(e, endpointTaken(input.method, input.path)));
    // Every instance's guard follows once this commits (this one at once, the others within a second).
    await announceCatalogChange(tx, afterCommit, { apiId: api.id });
    return { ...row, previousStatus: null };
  },
  message: (e) => `${e.method} ${e.path} is in the catalog.`,
  audit: (e) => endpointAuditEntries(e, 'endpoint.create'),
};

export const updateEndpointSpec: UserActionSpec<typeof updateEndpointInput, EndpointChange> = {
  name: 'updateEndpoint',
  access: 'user',
  input: updateEndpointInput,
  policy: catalogPolicy,
  async run({ input, tx, afterCommit }) {
    const current = await lockEndpoint(tx, input.endpointId);
    // The portal's own routes are defined by its code: their method, path and scope follow it.
    if (
      current.source === 'openapi' &&
      (input.method !== current.method || input.path !== current.path || (input.requiredScope ?? null) !== current.requiredScope)
    ) {
      throw new InputError('This endpoint is defined by the portal’s code: only its status and sunset date can change here.', {
        path: ['Defined by the portal’s code'],
      });
    }
    const next = {
      method: input.method,
      path: input.path,
      description: current.source === 'openapi' ? current.description : input.description,
      requiredScope: input.requiredScope ?? null,
      status: input.status,
      // The `Deprecation` header's date: when it was first deprecated, kept through later edits.
      deprecatedAt: input.status === 'active' ? null : (current.deprecatedAt ?? new Date()),
      sunsetAt: input.sunsetAt ?? null,
    };
    await tx
      .update(endpoints)
      .set(next)
      .where(eq(endpoints.id, current.id))
      .catch((e: unknown) => uniqueOr(e, endpointTaken(input.method, input.path)));
    await announceCatalogChange(tx, afterCommit, { apiId: current.apiId });
    return {
      id: current.id,
      apiId: current.apiId,
      method: next.method,
      path: next.path,
      status: next.status,
      previousStatus: current.status,
      sunsetAt: next.sunsetAt,
    };
  },
  message: (e) => `${e.method} ${e.path} is saved${e.status === 'active' ? '' : ` (${e.status})`}.`,
  audit: (e) => endpointAuditEntries(e, 'endpoint.update'),
};

export const deleteEndpointSpec: UserActionSpec<typeof endpointIdInput, EndpointChange> = {
  name: 'deleteEndpoint',
  access: 'user',
  input: endpointIdInput,
  policy: catalogPolicy,
  async run({ input, tx, afterCommit }) {
    const current = await lockEndpoint(tx, input.endpointId);
    if (current.source === 'openapi') throw new InputError('The portal’s own endpoints cannot be deleted: mark it retired instead.');
    await tx.delete(endpoints).where(eq(endpoints.id, current.id));
    await announceCatalogChange(tx, afterCommit, { apiId: current.apiId });
    return {
      id: current.id,
      apiId: current.apiId,
      method: current.method,
      path: current.path,
      status: current.status,
      previousStatus: current.status,
      sunsetAt: current.sunsetAt,
    };
  },
  message: (e) => `${e.method} ${e.path} is removed from the catalog.`,
  audit: (e) => endpointAudit('endpoint.delete', e),
};
