import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, partners, users } from '@/db/schema';
import type { PublicActionSpec } from '@/lib/actions/action-spec';
import { isUniqueViolation } from '@/lib/actions/execute-action';
import { fieldError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { uniquePartnerSlug } from '@/lib/partners/slug';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';
import { emailField, newPasswordField } from './email';
import { hashPassword } from './password';

export const signUpInput = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Use at most 100 characters'),
  email: emailField,
  password: newPasswordField,
  organization: z.string().trim().min(2, 'Enter your organization’s name').max(100, 'Use at most 100 characters'),
});

const emailTaken = () => fieldError('email', 'An account with this email already exists. Sign in instead.');

/**
 * Self-service sign-up: the user, a `pending` organization (the onboarding request staff approve)
 * and the user as its partner_admin, all or nothing.
 */
export const signUpSpec: PublicActionSpec<typeof signUpInput, { userId: string; partnerId: string; email: string }> = {
  name: 'signUp',
  access: 'public',
  input: signUpInput,
  async run({ input, tx }) {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, input.email))
      .limit(1);
    if (existing) throw emailTaken();

    const userId = newId('usr');
    const partnerId = newId('org');
    try {
      await tx.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash: await hashPassword(input.password) });
    } catch (error) {
      // Two sign-ups with one email at the same instant: the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    await tx.insert(partners).values({
      id: partnerId,
      name: input.organization,
      slug: await uniquePartnerSlug(tx, input.organization),
      status: 'pending',
      primaryContactId: userId,
    });
    await tx.insert(memberships).values({ id: newId('mem'), partnerId, userId, role: 'partner_admin' });
    await ensureDefaultEnvironments(tx, partnerId);
    return { userId, partnerId, email: input.email };
  },
  auditActor: (result) => ({ kind: 'new_user', userId: result.userId, email: result.email }),
  audit: (result, input) => ({
    action: 'partner.sign_up',
    partnerId: result.partnerId,
    targetType: 'partner',
    targetId: result.partnerId,
    metadata: { organization: input.organization, email: result.email },
  }),
};
