import { z } from 'zod';
import { db } from '@/db';
import { keyEnvironments, type KeyEnvironment } from '@/db/schema';
import { createKeyInput, rotationGraceField } from '@/lib/keys/key-input';
import type { KeyRecord } from '@/lib/keys/key-record';
import { keyStatuses } from '@/lib/keys/key-status';
import { keySummary } from '@/lib/keys/key-summary';
import { queryKeys } from '@/lib/keys/list-keys';
import { createApiKey, isKeyUsable, keyAuditMetadata, lockKey, revokeApiKey, rotateApiKey } from '@/lib/keys/manage-keys';
import { guardedRoute } from '../api-route-spec';
import { runApiMutation } from '../api-mutation';
import { ApiProblem } from '../problem';
import { keyIdParams, keySummarySchema } from './schemas';

/** A test key manages test keys only; a live key manages both. */
function assertMayManage(caller: KeyRecord, environment: KeyEnvironment) {
  if (caller.environment === 'test' && environment === 'live') {
    throw new ApiProblem('forbidden', 'A test key cannot manage live keys.');
  }
}

const NOT_FOUND = 'There is no key with this id in your organization.';

export const listKeysRoute = guardedRoute({
  method: 'GET',
  path: '/keys',
  tag: 'Keys',
  summary: "List your organization's keys",
  access: { scope: 'keys:write' },
  query: z.object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    status: z.enum(keyStatuses).optional(),
    environment: z.enum(keyEnvironments).optional(),
  }),
  response: {
    status: 200,
    description: 'A page of keys, newest first',
    schema: z.object({ data: z.array(keySummarySchema), page: z.number(), pageSize: z.number(), total: z.number() }),
  },
  async handler({ key, query }) {
    const page = await queryKeys(db, key.partnerId, { ...query, sort: 'created', direction: 'desc', q: '' });
    const rows = page.rows.map((row) => ({
      id: row.id,
      name: row.keyName,
      prefix: row.tokenPrefix,
      environment: row.environment,
      scopes: row.scopes,
      status: row.status,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    }));
    return { data: rows, page: query.page, pageSize: query.pageSize, total: page.total };
  },
});

export const createKeyRoute = guardedRoute({
  method: 'POST',
  path: '/keys',
  tag: 'Keys',
  summary: 'Create a key',
  description: 'The secret is in the response and nowhere else: store it. A key can only grant scopes it has itself.',
  access: { scope: 'keys:write' },
  body: createKeyInput,
  response: { status: 201, description: 'The new key and its secret', schema: z.object({ key: keySummarySchema, secret: z.string() }) },
  problems: ['forbidden'],
  async handler(ctx) {
    const { key: caller, body } = ctx;
    assertMayManage(caller, body.environment);
    const beyond = body.scopes.filter((scope) => scope === 'keys:verify' || !caller.scopes.includes(scope));
    if (beyond.length)
      throw new ApiProblem('forbidden', `This key cannot grant ${beyond.join(', ')}.`, { 'body.scopes': [`Not grantable: ${beyond.join(', ')}`] });
    return runApiMutation(ctx, async (tx) => {
      const created = await createApiKey(tx, caller.partnerId, body, { keyId: caller.id });
      return {
        value: { key: keySummary(created.key), secret: created.secret },
        audit: { action: 'key.create', partnerId: caller.partnerId, targetType: 'api_key', targetId: created.key.id, metadata: keyAuditMetadata(created.key) },
      };
    });
  },
});

export const rotateKeyRoute = guardedRoute({
  method: 'POST',
  path: '/keys/{id}/rotate',
  tag: 'Keys',
  summary: 'Rotate a key',
  description: 'Creates a key with the same settings; the old one keeps working for the grace period, then expires.',
  access: { scope: 'keys:write' },
  params: keyIdParams,
  body: z.object({ grace: rotationGraceField.default('now') }),
  response: {
    status: 201,
    description: 'The new key, its secret, and when the old one stops working',
    schema: z.object({ key: keySummarySchema, secret: z.string(), previousKey: z.object({ id: z.string(), expiresAt: z.string() }) }),
  },
  problems: ['not_found', 'forbidden', 'unprocessable'],
  async handler(ctx) {
    return runApiMutation(ctx, async (tx, afterCommit) => {
      const old = await lockKey(tx, ctx.params.id, ctx.key.partnerId);
      if (!old) throw new ApiProblem('not_found', NOT_FOUND);
      assertMayManage(ctx.key, old.environment);
      if (!isKeyUsable(old)) throw new ApiProblem('unprocessable', 'Only a working key can be rotated: this one is revoked or expired.');
      const rotated = await rotateApiKey(tx, afterCommit, old, ctx.body.grace, { keyId: ctx.key.id });
      return {
        value: { key: keySummary(rotated.key), secret: rotated.secret, previousKey: { id: old.id, expiresAt: rotated.oldKeyExpiresAt.toISOString() } },
        audit: {
          action: 'key.rotate',
          partnerId: old.partnerId,
          targetType: 'api_key',
          targetId: old.id,
          metadata: {
            newKeyId: rotated.key.id,
            newPrefix: rotated.key.tokenPrefix,
            grace: ctx.body.grace,
            oldKeyExpiresAt: rotated.oldKeyExpiresAt.toISOString(),
          },
        },
      };
    });
  },
});

export const revokeKeyRoute = guardedRoute({
  method: 'DELETE',
  path: '/keys/{id}',
  tag: 'Keys',
  summary: 'Revoke a key',
  description: 'Takes effect at once on every instance.',
  access: { scope: 'keys:write' },
  params: keyIdParams,
  response: { status: 200, description: 'The revoked key', schema: z.object({ key: keySummarySchema }) },
  problems: ['not_found', 'forbidden'],
  async handler(ctx) {
    return runApiMutation(ctx, async (tx, afterCommit) => {
      const key = await lockKey(tx, ctx.params.id, ctx.key.partnerId);
      if (!key) throw new ApiProblem('not_found', NOT_FOUND);
      assertMayManage(ctx.key, key.environment);
      const revoked = await revokeApiKey(tx, afterCommit, key);
      return {
        value: { key: keySummary(revoked) },
        audit: {
          action: 'key.revoke',
          partnerId: key.partnerId,
          targetType: 'api_key',
          targetId: key.id,
          metadata: { name: key.keyName, prefix: key.tokenPrefix },
        },
      };
    });
  },
});
