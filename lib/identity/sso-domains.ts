import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db';
import { ssoDomains } from '@/db/schema';
import type { PublicActionSpec, UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { fieldError, InputError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { sendMailInBackground } from '@/lib/mail/send-mail';
import { storableText } from '@/lib/validation/storable';
import { emailDomain } from './organization-sso';

export const DOMAIN_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const startDomainVerificationInput = z.object({
  partnerId: storableText().max(64).optional(),
  email: z.email({ error: 'Enter an address at the domain, e.g. it@example.com' }).max(254),
});

/**
 * Claims the domain of an address for the organization's single sign-on: a link goes to that address, and
 * whoever can read it proves the organization controls the domain. One organization per verified domain.
 */
export const startDomainVerificationSpec: UserActionSpec<
  typeof startDomainVerificationInput,
  { partnerId: string; domain: string; email: string; link: string }
> = {
  name: 'startDomainVerification',
  access: 'user',
  input: startDomainVerificationInput,
  policy: (input, actor) => ({ action: 'security.manage', resource: { partnerId: targetPartnerId(actor, input) } }),
  async run({ input, tx, actor, meta, afterCommit }) {
    const partnerId = targetPartnerId(actor, input);
    const email = input.email.trim().toLowerCase();
    const domain = emailDomain(email);
    const [taken] = await tx
      .select({ id: ssoDomains.id })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.domain, domain), isNotNull(ssoDomains.verifiedAt), ne(ssoDomains.partnerId, partnerId)));
    if (taken) throw fieldError('email', `${domain} is already verified by another organization.`);
    const token = randomBytes(24).toString('base64url');
    await tx.insert(ssoDomains).values({
      id: newId('ssd'),
      partnerId,
      domain,
      verificationEmail: email,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + DOMAIN_VERIFICATION_TTL_MS),
    });
    const link = `${meta.origin ?? ''}/sso/verify-domain/${token}`;
    afterCommit(() =>
      sendMailInBackground({
        to: email,
        subject: `Confirm ${domain} for single sign-on on the Partner Portal`,
        text: `Someone asked to use ${domain} for their organization's single sign-on on the Partner Portal.\n\nIf that is your organization, confirm it (valid for 24 hours, once):\n${link}\n`,
      }),
    );
    return { partnerId, domain, email, link };
  },
  message: (r) => `We sent a confirmation link to ${r.email}. ${r.domain} is verified once it is opened.`,
  audit: (r) => ({ action: 'security.sso_domain_requested', partnerId: r.partnerId, targetType: 'domain', targetId: r.domain, metadata: { email: r.email } }),
};

/** The link of the verification mail: the domain is verified for its organization (once, within 24 hours). */
export async function verifyDomainByToken(db: Queryable, token: string, now = new Date()): Promise<{ partnerId: string; domain: string } | null> {
  const [row] = await db
    .update(ssoDomains)
    .set({ verifiedAt: now })
    .where(and(eq(ssoDomains.tokenHash, hashToken(token)), isNull(ssoDomains.verifiedAt), gt(ssoDomains.expiresAt, now)))
    .returning({ partnerId: ssoDomains.partnerId, domain: ssoDomains.domain });
  return row ?? null;
}

export const confirmDomainInput = z.object({ token: storableText().min(10).max(100) });

/** The button of the mailed link (opening the link changes nothing: mail scanners open links too). */
export const confirmDomainSpec: PublicActionSpec<typeof confirmDomainInput, { partnerId: string; domain: string }> = {
  name: 'confirmDomain',
  access: 'public',
  input: confirmDomainInput,
  async run({ input, tx }) {
    const verified = await verifyDomainByToken(tx, input.token);
    if (!verified) throw new InputError('This link has expired or was already used. Ask your administrator for a new one.');
    return verified;
  },
  message: (r) => `${r.domain} is verified: its people can now sign in with your organization’s single sign-on.`,
  audit: (r) => ({ action: 'security.sso_domain_verified', partnerId: r.partnerId, targetType: 'domain', targetId: r.domain }),
  auditActor: (r) => ({ kind: 'anonymous', label: `mail link for ${r.domain}` }),
};

export interface SsoDomainSummary {
  domain: string;
  verified: boolean;
}

/** The organization's domains (verified, or waiting for their link) for the settings card. */
export async function listSsoDomains(db: Queryable, partnerId: string): Promise<SsoDomainSummary[]> {
  const rows = await db.select({ domain: ssoDomains.domain, verifiedAt: ssoDomains.verifiedAt }).from(ssoDomains).where(eq(ssoDomains.partnerId, partnerId));
  const byDomain = new Map<string, boolean>();
  for (const row of rows) byDomain.set(row.domain, (byDomain.get(row.domain) ?? false) || row.verifiedAt !== null);
  return [...byDomain].map(([domain, verified]) => ({ domain, verified })).sort((a, b) => a.domain.localeCompare(b.domain));
}
