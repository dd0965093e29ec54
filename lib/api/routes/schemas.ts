import { z } from 'zod';
import { apiScopes, keyEnvironments, partnerStatuses, supportTiers } from '@/db/schema';
import { keyStatuses } from '@/lib/keys/key-status';

/** Response shapes of /api/v1, shared by the handlers and the OpenAPI document. */
export const keySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  environment: z.enum(keyEnvironments),
  scopes: z.array(z.enum(apiScopes)),
  status: z.enum(keyStatuses),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  rateLimitPerMinute: z.number().int().nullable(),
  monthlyQuota: z.number().int().nullable(),
  ipAllowlist: z.array(z.string()),
  secretEnvironments: z.array(z.string()).nullable().describe('The secret environments the key may pull; null: all (a test key never reads production)'),
  rotatedFromId: z.string().nullable(),
});
export type KeySummary = z.infer<typeof keySummarySchema>;

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(partnerStatuses),
  supportTier: z.enum(supportTiers),
});

export const keyIdParams = z.object({ id: z.string().min(1).max(64) });
