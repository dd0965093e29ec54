import { z } from 'zod';
import { apiScopes, keyEnvironments } from '@/db/schema';
import type { KeyRecord } from '@/lib/keys/key-record';
import { guardedRoute } from '../api-route-spec';
import { organizationSchema } from './schemas';

export const meResponse = z.object({
  key: z.object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    environment: z.enum(keyEnvironments),
    scopes: z.array(z.enum(apiScopes)),
    expiresAt: z.string().nullable(),
    rateLimitPerMinute: z.number().int(),
    monthlyQuota: z.number().int().describe("The key's own monthly quota, else the organization's (which all its keys share)"),
    organizationMonthlyQuota: z.number().int().describe("The organization's monthly quota, shared by all its keys"),
  }),
  organization: organizationSchema,
});

/** What `/me` shows of a key. */
export type MeKey = Pick<
  KeyRecord,
  'id' | 'keyName' | 'tokenPrefix' | 'environment' | 'scopes' | 'expiresAt' | 'rateLimitPerMinute' | 'monthlyQuota' | 'organizationMonthlyQuota' | 'partner'
>;

export function meBody(key: MeKey): z.infer<typeof meResponse> {
  return {
    key: {
      id: key.id,
      name: key.keyName,
      prefix: key.tokenPrefix,
      environment: key.environment,
      scopes: key.scopes,
      expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt).toISOString(),
      rateLimitPerMinute: key.rateLimitPerMinute,
      monthlyQuota: key.monthlyQuota ?? key.organizationMonthlyQuota,
      organizationMonthlyQuota: key.organizationMonthlyQuota,
    },
    organization: key.partner,
  };
}

export const meRoute = guardedRoute({
  method: 'GET',
  path: '/me',
  tag: 'Keys',
  summary: 'The calling key and its organization',
  description: 'Any valid key may call it, whatever its scopes: a quick way to check a key works.',
  access: { scope: null },
  response: { status: 200, description: 'The key and its organization', schema: meResponse },
  handler: ({ key }) => meBody(key),
});
