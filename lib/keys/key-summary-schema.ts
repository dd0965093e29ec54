import { z } from 'zod';
import { apiScopes, keyEnvironments } from '@/db/schema';
import { keyStatuses } from './key-status';

/**
 * A key as the API shows it (never its hash, never its secret). It lives with the keys, which build it
 * (`keySummary`); lib/api/routes/schemas.ts re-exports it for the handlers and the OpenAPI document.
 */
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
