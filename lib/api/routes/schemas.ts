import { z } from 'zod';
import { partnerStatuses, supportTiers } from '@/db/schema';

/** Response shapes of /api/v1, shared by the handlers and the OpenAPI document. */
export { keySummarySchema, type KeySummary } from '@/lib/keys/key-summary-schema';

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(partnerStatuses),
  supportTier: z.enum(supportTiers),
});

export const keyIdParams = z.object({ id: z.string().min(1).max(64) });
