import 'server-only';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { db } from '@/db';
import { can } from '@/lib/auth/policy';
import { findKeyOrThrow } from '@/lib/keys/find-key';
import { keyStatus, keyStatuses, type KeyStatus } from '@/lib/keys/key-status';
import { queryKeys } from '@/lib/keys/list-keys';
import type { ApiKeyRow } from '@/lib/keys/manage-keys';
import { isStorableText } from '@/lib/validation/storable';
import { builder } from '../builder';
import { notFound, organizationScope, type GraphqlContext } from '../context';
import { connectionComplexity, pagedConnection } from '../pagination';
import { KeyEnvironment, ownOrganization, Scope } from './organization';

/** A key as GraphQL shows it: never its hash, never its secret. */
export interface ApiKeyShape {
  id: string;
  partnerId: string;
  keyName: string;
  tokenPrefix: string;
  environment: ApiKeyRow['environment'];
  scopes: ApiKeyRow['scopes'];
  status: KeyStatus;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export function apiKeyShape(row: Omit<ApiKeyRow, 'keyHash'> | ApiKeyRow): ApiKeyShape {
  return { ...row, status: keyStatus(row) };
}

const KeyStatusEnum = builder.enumType('KeyStatus', { values: keyStatuses });

export const ApiKey = builder.objectRef<ApiKeyShape>('ApiKey').implement({
  description: "A key of the caller's organization (staff: of any organization).",
  interfaces: [builder.nodeInterfaceRef()],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'tokenPrefix' in value,
  fields: (t) => ({
    id: t.globalID({ nullable: false, resolve: (k) => ({ type: 'ApiKey', id: k.id }) }),
    keyId: t.exposeID('id', { description: 'The id the REST API uses (`key_…`).' }),
    name: t.exposeString('keyName'),
    prefix: t.exposeString('tokenPrefix'),
    environment: t.field({ type: KeyEnvironment, resolve: (k) => k.environment }),
    scopes: t.field({ type: [Scope], resolve: (k) => k.scopes }),
    status: t.field({ type: KeyStatusEnum, resolve: (k) => k.status }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/**
 * One key the caller may read, or null: another organization's key, or one the caller may not read,
 * looks exactly like one that does not exist.
 */
export async function findReadableKey(ctx: GraphqlContext, keyId: string): Promise<ApiKeyShape | null> {
  if (!isStorableText(keyId) || keyId.length > 64) return null;
  const row = await findKeyOrThrow(db, keyId).catch(() => null);
  if (!row || (ctx.partnerId !== null && row.partnerId !== ctx.partnerId)) return null;
  if (!can(ctx.actor, 'key.read', { partnerId: row.partnerId })) return null;
  return apiKeyShape(row);
}

/** A key id as given: a global id (`ApiKey:…`, base64) or the REST id (`key_…`). */
export function keyIdOf(id: string): string | null {
  if (id.startsWith('key_')) return id;
  try {
    const decoded = decodeGlobalID(id);
    return decoded.typename === 'ApiKey' ? decoded.id : null;
  } catch {
    return null;
  }
}

const NO_KEY = 'There is no key with this id in your organization.';

builder.queryFields((t) => ({
  apiKeys: t.connection({
    type: ApiKey,
    nullable: true,
    description: "The organization's keys, newest first. Needs `keys:write` (a key) or a portal role that reads keys.",
    authScopes: { scope: 'keys:write' },
    complexity: connectionComplexity,
    args: { status: t.arg({ type: KeyStatusEnum }), environment: t.arg({ type: KeyEnvironment }) },
    resolve: (_root, args, ctx) => {
      const partnerId = organizationScope(ctx, 'key.read');
      return pagedConnection(args, async (page, pageSize) => {
        const result = await queryKeys(
          { partnerId },
          { page, pageSize, sort: 'created', direction: 'desc', q: '', status: args.status ?? undefined, environment: args.environment ?? undefined },
        );
        return { rows: result.rows };
      });
    },
  }),
  apiKey: t.field({
    type: ApiKey,
    nullable: true,
    description: 'One key by its global id or REST id; another organization’s key is null with a NOT_FOUND error.',
    authScopes: { scope: 'keys:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const keyId = keyIdOf(String(args.id));
      const key = keyId ? await findReadableKey(ctx, keyId) : null;
      if (!key) throw notFound(NO_KEY);
      return key;
    },
  }),
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object by its global id. One of another organization is null with a NOT_FOUND error, like one that does not exist.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      let decoded: { typename: string; id: string };
      try {
        decoded = decodeGlobalID(String(args.id));
      } catch {
        throw notFound();
      }
      if (decoded.typename === 'ApiKey') {
        const key = await findReadableKey(ctx, decoded.id);
        if (key) return key;
      } else if (decoded.typename === 'Organization') {
        const own = await ownOrganization(ctx);
        if (own && own.id === decoded.id) return own;
      }
      throw notFound();
    },
  }),
}));
