import { z } from 'zod';
import { keyEnvironments } from '@/db/schema';
import { createKeyInput, rotationGraceField } from '@/lib/keys/key-input';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { keyStatuses } from '@/lib/keys/key-status';
import { keySummary } from '@/lib/keys/key-summary';
import { queryKeys } from '@/lib/keys/list-keys';
import { guardedRoute } from '../api-route-spec';
import { runApiAction } from '../api-action';
import { keyIdParams, keySummarySchema } from './schemas';

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
    const page = await queryKeys({ partnerId: key.partnerId }, { ...query, sort: 'created', direction: 'desc', q: '' });
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
  description:
    "The secret is in the response and nowhere else: store it. A key can never be given more than the calling key can do: its scopes, environments, secret environments, IP allowlist (inside the caller's), expiry (not later) and limits (not higher), within the organization's limits. Settings left out are inherited from the calling key. A key rotated out (in its grace period) cannot create keys.",
  access: { scope: 'keys:write' },
  body: createKeyInput,
  response: { status: 201, description: 'The new key and its secret', schema: z.object({ key: keySummarySchema, secret: z.string() }) },
  problems: ['forbidden'],
  async handler(ctx) {
    const created = await runApiAction(createKeySpec, ctx.body, ctx);
    return { key: keySummary(created.key), secret: created.secret };
  },
});

export const rotateKeyRoute = guardedRoute({
  method: 'POST',
  path: '/keys/{id}/rotate',
  tag: 'Keys',
  summary: 'Rotate a key',
  description:
    'Creates a key with the same settings; the old one keeps working for the grace period, then expires. Only a key that can do everything the rotated key can may rotate it.',
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
    const rotated = await runApiAction(rotateKeySpec, { keyId: ctx.params.id, grace: ctx.body.grace }, ctx, NOT_FOUND);
    return {
      key: keySummary(rotated.key),
      secret: rotated.secret,
      previousKey: { id: rotated.old.id, expiresAt: rotated.oldKeyExpiresAt.toISOString() },
    };
  },
});

export const revokeKeyRoute = guardedRoute({
  method: 'DELETE',
  path: '/keys/{id}',
  tag: 'Keys',
  summary: 'Revoke a key',
  description: 'Takes effect at once on every instance. Only a key that can do everything the revoked key can may revoke it.',
  access: { scope: 'keys:write' },
  params: keyIdParams,
  response: { status: 200, description: 'The revoked key', schema: z.object({ key: keySummarySchema }) },
  problems: ['not_found', 'forbidden'],
  async handler(ctx) {
    const revoked = await runApiAction(revokeKeySpec, { keyId: ctx.params.id }, ctx, NOT_FOUND);
    return { key: keySummary(revoked) };
  },
});
