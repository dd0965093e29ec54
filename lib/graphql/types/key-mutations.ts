import 'server-only';
import type { z } from 'zod';
import type { ActionSpec } from '@/lib/actions/action-spec';
import { performAction } from '@/lib/actions/execute-action';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { rotationGraceOptions } from '@/lib/keys/key-input';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { builder } from '../builder';
import { guarded, notFound, type GraphqlContext } from '../context';
import { ApiKey, apiKeyShape, keyIdOf, type ApiKeyShape } from './api-keys';
import { KeyEnvironment, Scope } from './organization';

/**
 * The key mutations run the same action specs through the same executor as the portal's forms and
 * `POST /api/v1/keys…`: the same policy and ceilings, the same transaction, the same audit rows.
 */
function perform<TSchema extends z.ZodType, TResult>(
  ctx: GraphqlContext,
  spec: ActionSpec<TSchema, TResult>,
  input: Record<string, unknown>,
): Promise<TResult> {
  return guarded(() => performAction(spec, input, { actor: ctx.actor, meta: ctx.meta }));
}

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'As `POST /api/v1/keys`: settings left out are inherited from a calling key; none may exceed what the caller can do.',
  fields: (t) => ({
    name: t.string({ required: true }),
    environment: t.field({ type: KeyEnvironment, required: true }),
    scopes: t.field({ type: [Scope] }),
    expiresAt: t.field({ type: 'DateTime' }),
    rateLimitPerMinute: t.int(),
    monthlyQuota: t.int(),
    ipAllowlist: t.stringList(),
    secretEnvironments: t.stringList(),
  }),
});

const RotationGrace = builder.enumType('RotationGrace', {
  description: 'How long the old key keeps working: `now`, one hour, a day or a week.',
  values: Object.fromEntries(Object.keys(rotationGraceOptions).map((g) => [`g${g}`.replace('gnow', 'now'), { value: g }])) as Record<
    string,
    { value: keyof typeof rotationGraceOptions }
  >,
});

const CreatedKey = builder.objectRef<{ key: ApiKeyShape; secret: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.field({ type: ApiKey, resolve: (r) => r.key }),
    secret: t.exposeString('secret', { description: 'The key itself: shown once, here, and stored nowhere.' }),
  }),
});

const PreviousKey = builder.objectRef<{ id: string; expiresAt: Date }>('PreviousApiKey').implement({
  fields: (t) => ({ keyId: t.exposeID('id'), expiresAt: t.expose('expiresAt', { type: 'DateTime' }) }),
});

const RotatedKey = builder.objectRef<{ key: ApiKeyShape; secret: string; previousKey: { id: string; expiresAt: Date } }>('RotatedApiKey').implement({
  fields: (t) => ({
    key: t.field({ type: ApiKey, resolve: (r) => r.key }),
    secret: t.exposeString('secret'),
    previousKey: t.field({ type: PreviousKey, resolve: (r) => r.previousKey }),
  }),
});

const RevokedKey = builder.objectRef<{ key: ApiKeyShape }>('RevokedApiKey').implement({
  fields: (t) => ({ key: t.field({ type: ApiKey, resolve: (r) => r.key }) }),
});

const NO_KEY = 'There is no key with this id in your organization.';

function keyIdOrThrow(id: string | number): string {
  const keyId = keyIdOf(String(id));
  if (!keyId) throw notFound(NO_KEY);
  return keyId;
}

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedKey,
    description: 'Needs `keys:write` (a key) or a portal role that manages keys.',
    complexity: 20,
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const raw: Record<string, unknown> = { name: input.name, environment: input.environment };
      if (input.scopes != null) raw.scopes = input.scopes;
      if (input.expiresAt != null) raw.expiresAt = input.expiresAt.toISOString();
      if (input.rateLimitPerMinute != null) raw.rateLimitPerMinute = input.rateLimitPerMinute;
      if (input.monthlyQuota != null) raw.monthlyQuota = input.monthlyQuota;
      if (input.ipAllowlist != null) raw.ipAllowlist = input.ipAllowlist;
      if (input.secretEnvironments != null) raw.secretEnvironments = input.secretEnvironments;
      const created = await perform(ctx, createKeySpec, raw);
      return { key: apiKeyShape(created.key), secret: created.secret };
    },
  }),
  rotateApiKey: t.field({
    type: RotatedKey,
    description: 'A new key with the same settings; the old one works for the grace period. Only a caller that can do everything the key can may rotate it.',
    complexity: 20,
    args: { id: t.arg.id({ required: true }), grace: t.arg({ type: RotationGrace }) },
    resolve: async (_root, args, ctx) => {
      const rotated = await perform(ctx, rotateKeySpec, { keyId: keyIdOrThrow(args.id), grace: args.grace ?? 'now' }).catch((error: unknown) => {
        throw isNotFound(error) ? notFound(NO_KEY) : error;
      });
      return { key: apiKeyShape(rotated.key), secret: rotated.secret, previousKey: { id: rotated.old.id, expiresAt: rotated.oldKeyExpiresAt } };
    },
  }),
  revokeApiKey: t.field({
    type: RevokedKey,
    description: 'Takes effect at once on every instance.',
    complexity: 20,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const revoked = await perform(ctx, revokeKeySpec, { keyId: keyIdOrThrow(args.id) }).catch((error: unknown) => {
        throw isNotFound(error) ? notFound(NO_KEY) : error;
      });
      return { key: apiKeyShape(revoked) };
    },
  }),
}));

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND';
}
