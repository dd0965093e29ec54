import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
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

export const keyIdParams = z.object({ id: storableText().min(1).max(64) });
