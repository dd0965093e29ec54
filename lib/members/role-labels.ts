import type { PartnerRole } from '@/db/schema';

/** How roles read in sentences shown to people. */
export const roleLabels: Record<PartnerRole, string> = { partner_admin: 'partner admin', developer: 'developer' };
