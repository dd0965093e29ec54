import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { partners, supportTiers } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { emailAddressField } from '@/lib/auth/email';
import { fieldError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { inviteAudit, issueInvite, type IssuedInvite } from '@/lib/invites/create-invite';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';
import { slugify, uniquePartnerSlug } from './slug';

export const createPartnerInput = z.object({
  name: storableText().trim().min(2, 'Enter the organization’s name').max(100, 'Use at most 100 characters'),
  slug: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    storableText()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes')
      .max(48)
      .optional(),
  ),
  supportTier: z.enum(supportTiers, { error: 'Choose a support tier' }),
  primaryContactEmail: emailAddressField('Enter the primary contact’s email'),
});

/**
 * Staff onboard an organization: it starts `active` (staff made it, there is nothing to approve) and its
 * primary contact gets a partner_admin invitation.
 */
export const createPartnerSpec: UserActionSpec<
  typeof createPartnerInput,
  { partnerId: string; name: string; slug: string; invite: IssuedInvite },
  { partnerId: string; link: string; email: string }
> = {
  name: 'createPartner',
  access: 'user',
  input: createPartnerInput,
  policy: () => ({ action: 'partner.create', resource: { partnerId: null } }),
  async run({ input, tx, actor, afterCommit, meta }) {
    let slug = input.slug;
    if (slug) {
      const [taken] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.slug, slug));
      if (taken) throw fieldError('slug', `The slug "${slug}" is taken`);
    } else {
      slug = await uniquePartnerSlug(tx, slugify(input.name));
    }
    const partnerId = newId('org');
    await tx.insert(partners).values({ id: partnerId, name: input.name, slug, status: 'active', approvedAt: new Date(), supportTier: input.supportTier });
    await ensureDefaultEnvironments(tx, partnerId);
    const invite = await issueInvite(tx, afterCommit, {
      partnerId,
      email: input.primaryContactEmail,
      role: 'partner_admin',
      invitedById: actor.userId,
      origin: meta.origin,
    });
    return { partnerId, name: input.name, slug, invite };
  },
  message: (r) => `${r.name} is created. Send its primary contact the invitation link below.`,
  data: (r) => ({ partnerId: r.partnerId, link: r.invite.link, email: r.invite.email }),
  audit: (r, input) => [
    {
      action: 'partner.create',
      partnerId: r.partnerId,
      targetType: 'partner',
      targetId: r.partnerId,
      metadata: { name: r.name, slug: r.slug, supportTier: input.supportTier },
    },
    inviteAudit(r.invite),
  ],
};
