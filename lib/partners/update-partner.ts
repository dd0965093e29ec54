import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { partners, supportTiers } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { NotFoundError } from '@/lib/errors';
import { announceKeyChange } from '@/lib/keys/key-invalidation';

type PartnerRow = typeof partners.$inferSelect;

function changes<T extends Record<string, unknown>>(before: PartnerRow, after: T): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, value] of Object.entries(after)) {
    const previous = before[field as keyof PartnerRow];
    if (previous !== value) out[field] = { from: previous ?? null, to: value ?? null };
  }
  return out;
}

export const updatePartnerSettingsInput = z.object({
  partnerId: storableText().min(1).max(64),
  supportTier: z.enum(supportTiers, { error: 'Choose a support tier' }),
  keyRateLimitPerMinute: z.coerce.number({ error: 'Enter a number' }).int('Use a whole number').min(1, 'At least 1').max(1_000_000, 'At most 1,000,000'),
  monthlyQuota: z.coerce.number({ error: 'Enter a number' }).int('Use a whole number').min(1, 'At least 1').max(2_000_000_000, 'At most 2,000,000,000'),
});

/** Staff set an organization's tier, the rate-limit ceiling of each of its keys and its monthly quota (all its keys together). */
export const updatePartnerSettingsSpec: UserActionSpec<typeof updatePartnerSettingsInput, { partnerId: string; changed: Record<string, unknown> }> = {
  name: 'updatePartnerSettings',
  access: 'user',
  input: updatePartnerSettingsInput,
  // Changing what partners pay for and may use is the same power as suspending them.
  policy: (input) => ({ action: 'partner.suspend', resource: { partnerId: input.partnerId } }),
  async run({ input, tx, afterCommit }) {
    const [before] = await tx.select().from(partners).where(eq(partners.id, input.partnerId)).for('update');
    if (!before) throw new NotFoundError('That organization does not exist.');
    const { partnerId, ...values } = input;
    await tx.update(partners).set(values).where(eq(partners.id, partnerId));
    // Keys without limits of their own now have new effective limits.
    await announceKeyChange(tx, afterCommit, { partnerId });
    return { partnerId, changed: changes(before, values) };
  },
  message: 'The settings were saved.',
  audit: (r) => ({ action: 'partner.update_settings', partnerId: r.partnerId, targetType: 'partner', targetId: r.partnerId, metadata: r.changed }),
};

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), storableText().trim().max(max, `Use at most ${max} characters`).nullable());

export const updatePartnerProfileInput = z.object({
  partnerId: z.preprocess((v) => (v === '' ? undefined : v), storableText().max(64).optional()),
  name: storableText().trim().min(2, 'Enter the organization’s name').max(100, 'Use at most 100 characters'),
  website: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z
      .url({ protocol: /^https?$/, error: 'Enter a web address starting with https://' })
      .max(200)
      .nullable(),
  ),
  description: optionalText(1000),
});

/** The partner's own profile (part of onboarding): a partner_admin edits their organization's, staff any. */
export const updatePartnerProfileSpec: UserActionSpec<typeof updatePartnerProfileInput, { partnerId: string; changed: Record<string, unknown> }> = {
  name: 'updatePartnerProfile',
  access: 'user',
  input: updatePartnerProfileInput,
  policy: (input, actor) => ({ action: 'partner.update', resource: { partnerId: targetPartnerId(actor, input) } }),
  async run({ input, tx, actor, afterCommit }) {
    const partnerId = targetPartnerId(actor, input);
    const [before] = await tx.select().from(partners).where(eq(partners.id, partnerId)).for('update');
    if (!before) throw new NotFoundError('That organization does not exist.');
    const values = { name: input.name, website: input.website, description: input.description };
    await tx.update(partners).set(values).where(eq(partners.id, partnerId));
    // `GET /api/v1/me` shows the organization's name from the key cache.
    if (before.name !== values.name) await announceKeyChange(tx, afterCommit, { partnerId });
    return { partnerId, changed: changes(before, values) };
  },
  message: 'The profile was saved.',
  audit: (r) => ({ action: 'partner.update_profile', partnerId: r.partnerId, targetType: 'partner', targetId: r.partnerId, metadata: r.changed }),
};
