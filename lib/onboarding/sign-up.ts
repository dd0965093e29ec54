import 'server-only';
import { createHash } from 'node:crypto';
import { and, count, eq, gte, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { db, type Queryable, type Transaction } from '@/db';
import { memberships, partners, signUpAttempts, signUpRequests, users } from '@/db/schema';
import type { PublicActionSpec } from '@/lib/actions/action-spec';
import { isUniqueViolation } from '@/lib/actions/execute-action';
import { emailField, newPasswordField } from '@/lib/auth/email';
import { hashPassword } from '@/lib/auth/password';
import { lockKey } from '@/lib/auth/sign-in-throttle';
import { InputError } from '@/lib/errors';
import { newId, randomBase62 } from '@/lib/ids';
import { sendMailInBackground } from '@/lib/mail/send-mail';
import { uniquePartnerSlug } from '@/lib/partners/slug';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';

/** How long the confirmation link works. */
export const SIGN_UP_LINK_TTL_MS = 24 * 60 * 60 * 1000;
/** Sign-up submissions per IP per hour (each would mail someone; a confirmed one makes an organization). */
export const SIGN_UP_MAX_PER_IP = 5;
export const SIGN_UP_WINDOW_MS = 60 * 60 * 1000;

export const signUpInput = z.object({
  name: storableText().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters'),
  email: emailField,
  password: newPasswordField,
  organization: storableText().trim().min(2, 'Enter your organization’s name').max(100, 'Use at most 100 characters'),
});

export function hashSignUpToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Links in mails: the configured URL, else the request's origin (never a client-sent X-Forwarded-Host). */
function portalBase(origin: string | null | undefined): string {
  return (process.env.PORTAL_URL ?? process.env.AUTH_URL ?? origin ?? 'http://localhost:3000').replace(/\/+$/, '');
}

export function signUpConfirmLink(origin: string | null | undefined, token: string): string {
  return `${portalBase(origin)}/signup/confirm/${token}`;
}

/** The one answer to every accepted sign-up, whether or not the address has an account. */
export const signUpAnswer = (email: string) =>
  `Check your inbox: we sent a message to ${email}. Follow the link in it within 24 hours to confirm your email and create your account.`;

/** Counts and records one sign-up from this IP under a lock, so that a burst cannot pass the limit. */
async function throttleSignUp(tx: Transaction, ip: string, now: Date): Promise<void> {
  await lockKey(tx, `sign-up:${ip}`);
  const [row] = await tx
    .select({ n: count() })
    .from(signUpAttempts)
    .where(and(eq(signUpAttempts.ip, ip), gte(signUpAttempts.occurredAt, new Date(now.getTime() - SIGN_UP_WINDOW_MS))));
  if ((row?.n ?? 0) >= SIGN_UP_MAX_PER_IP) throw new InputError('Too many sign-ups from your network. Try again in an hour.');
  await tx.insert(signUpAttempts).values({ id: newId('sua'), ip, occurredAt: now });
}

export async function findUserIdByEmail(db: Queryable, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  return row?.id ?? null;
}

export type SignUpOutcome = { email: string; outcome: 'requested' | 'known' };

/**
 * Self-service sign-up, step one. Nothing is created yet: the request (name, organization, password hash)
 * waits for its email to be confirmed through a single-use link (only its hash is kept) mailed to the
 * address. An address that already has an account gets a note instead, and the caller the very same
 * answer, after the same work (an argon2 hash either way): sign-up tells nobody which emails have accounts,
 * and nobody can take an address they do not read (an invitation to it keeps working).
 */
export const signUpSpec: PublicActionSpec<typeof signUpInput, SignUpOutcome> = {
  name: 'signUp',
  access: 'public',
  input: signUpInput,
  async run({ input, tx, meta, afterCommit }) {
    const now = new Date();
    await throttleSignUp(tx, meta.ip ?? 'unknown', now);
    const passwordHash = await hashPassword(input.password);
    if (await findUserIdByEmail(tx, input.email)) {
      afterCommit(() =>
        sendMailInBackground({
          to: input.email,
          subject: 'Someone tried to create a Partner Portal account with your email',
          text: `Someone (perhaps you) tried to create a new Partner Portal account for ${input.email}, which already has one. Nothing was changed.\n\nIf it was you, sign in instead: ${portalBase(meta.origin)}/login\n\nIf it was not you, you can ignore this message.\n`,
        }),
      );
      return { email: input.email, outcome: 'known' };
    }
    const token = randomBase62(32);
    await tx.insert(signUpRequests).values({
      id: newId('sur'),
      email: input.email,
      name: input.name,
      organization: input.organization,
      passwordHash,
      tokenHash: hashSignUpToken(token),
      ip: meta.ip,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_UP_LINK_TTL_MS),
    });
    const link = signUpConfirmLink(meta.origin, token);
    afterCommit(() =>
      sendMailInBackground({
        to: input.email,
        subject: 'Confirm your email for the Partner Portal',
        text: `Welcome, ${input.name}.\n\nConfirm your email to create your Partner Portal account and request access for ${input.organization} (the link works once, for 24 hours):\n${link}\n\nIf you did not sign up, ignore this message: no account is created without it.\n`,
      }),
    );
    return { email: input.email, outcome: 'requested' };
  },
  message: (r) => signUpAnswer(r.email),
  // Nothing exists yet; the trail starts when the email is confirmed.
  audit: () => null,
};

export const confirmSignUpInput = z.object({ token: storableText().min(10).max(100) });

const linkProblem = 'This confirmation link is not valid any more. Sign up again, or sign in if you already confirmed your email.';

/**
 * Serializes whatever creates the account of an address (confirming a sign-up, accepting an invitation by
 * signing up): the second one finds the account made and says so, instead of a deadlock on the unique index.
 */
export async function lockEmail(tx: Queryable, email: string): Promise<void> {
  await lockKey(tx, `account-email:${email.toLowerCase()}`);
}

/** Marks every open sign-up request of an address as used: the address now has its account. */
export async function closeSignUpRequests(tx: Queryable, email: string, now = new Date()): Promise<void> {
  await tx
    .update(signUpRequests)
    .set({ usedAt: now })
    .where(and(eq(signUpRequests.email, email), isNull(signUpRequests.usedAt)));
}

/**
 * Step two, from the link: the user, a `pending` organization (the onboarding request staff approve) and
 * the user as its partner_admin, all or nothing. Verified by construction: only the mailbox had the link.
 */
export const confirmSignUpSpec: PublicActionSpec<typeof confirmSignUpInput, { userId: string; partnerId: string; email: string; organization: string }> = {
  name: 'confirmSignUp',
  access: 'public',
  input: confirmSignUpInput,
  async run({ input, tx }) {
    const now = new Date();
    const tokenHash = hashSignUpToken(input.token);
    const [found] = await tx.select({ email: signUpRequests.email }).from(signUpRequests).where(eq(signUpRequests.tokenHash, tokenHash));
    if (!found) throw new InputError(linkProblem);
    await lockEmail(tx, found.email);
    const [request] = await tx.select().from(signUpRequests).where(eq(signUpRequests.tokenHash, tokenHash)).for('update');
    if (!request || request.usedAt || request.expiresAt <= now) throw new InputError(linkProblem);
    // Someone (an invitation, another confirmed request) made the account in the meantime.
    if (await findUserIdByEmail(tx, request.email)) throw new InputError('An account with this email already exists. Sign in instead.');

    const userId = newId('usr');
    const partnerId = newId('org');
    try {
      await tx.insert(users).values({ id: userId, email: request.email, name: request.name, passwordHash: request.passwordHash });
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('An account with this email already exists. Sign in instead.');
      throw error;
    }
    await tx.insert(partners).values({
      id: partnerId,
      name: request.organization,
      slug: await uniquePartnerSlug(tx, request.organization),
      status: 'pending',
      primaryContactId: userId,
    });
    await tx.insert(memberships).values({ id: newId('mem'), partnerId, userId, role: 'partner_admin' });
    await ensureDefaultEnvironments(tx, partnerId);
    await closeSignUpRequests(tx, request.email, now);
    return { userId, partnerId, email: request.email, organization: request.organization };
  },
  message: 'Your email is confirmed and your account is ready. Sign in to continue.',
  auditActor: (result) => ({ kind: 'new_user', userId: result.userId, email: result.email }),
  audit: (result) => ({
    action: 'partner.sign_up',
    partnerId: result.partnerId,
    targetType: 'partner',
    targetId: result.partnerId,
    metadata: { organization: result.organization, email: result.email },
  }),
};

/** For the confirmation page: whether the link can still be used (without using it). */
export async function signUpLinkUsable(token: string, database: Queryable = db): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
  const [request] = await database
    .select({ email: signUpRequests.email, usedAt: signUpRequests.usedAt, expiresAt: signUpRequests.expiresAt })
    .from(signUpRequests)
    .where(eq(signUpRequests.tokenHash, hashSignUpToken(token)))
    .limit(1);
  if (!request || request.usedAt || request.expiresAt <= new Date()) return { ok: false, message: linkProblem };
  return { ok: true, email: request.email };
}
