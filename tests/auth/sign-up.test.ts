import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships, partners, users } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { testMeta } from '../support/fixtures';

// The confirmation links are read from the mails the sign-up sends.
const outbox = vi.hoisted(() => [] as { to: string; text: string }[]);
vi.mock('@/lib/mail/send-mail', () => ({
  sendMail: async (mail: { to: string; text: string }) => void outbox.push(mail),
  sendMailInBackground: (mail: { to: string; text: string }) => void outbox.push(mail),
}));
const { confirmSignUpSpec, signUpSpec } = await import('@/lib/onboarding/sign-up');

const valid = { name: 'Pat Partner', email: 'Pat@Initech.test', password: 'a long enough password', organization: 'Initech' };
let ip = 0;
const meta = () => ({ ...testMeta, ip: `192.0.2.${++ip}` });
const signUp = (input: Record<string, unknown>) => executeAction(signUpSpec, input, { actor: null, meta: meta() });
const lastLink = (email: string) =>
  outbox
    .filter((m) => m.to === email)
    .at(-1)
    ?.text.match(/\/signup\/confirm\/([A-Za-z0-9]+)/)?.[1] ?? '';
const confirm = (email: string) => executeAction(confirmSignUpSpec, { token: lastLink(email) }, { actor: null, meta: meta() });

async function totals() {
  const [u] = await db.select({ n: count() }).from(users);
  const [p] = await db.select({ n: count() }).from(partners);
  const [m] = await db.select({ n: count() }).from(memberships);
  return { users: u?.n, partners: p?.n, memberships: m?.n };
}

describe('self-service sign-up', () => {
  it('once the email is confirmed: the user, a pending organization with them as partner_admin, and an audit row', async () => {
    expect((await signUp(valid)).result.ok).toBe(true);
    const { result, value } = await confirm('pat@initech.test');
    expect(result.ok).toBe(true);
    const [user] = await db.select().from(users).where(eq(users.id, value!.userId));
    expect(user?.email).toBe('pat@initech.test');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const [org] = await db.select().from(partners).where(eq(partners.id, value!.partnerId));
    expect(org).toMatchObject({ name: 'Initech', slug: 'initech', status: 'pending', primaryContactId: value!.userId });
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, value!.userId));
    expect(membership).toMatchObject({ partnerId: value!.partnerId, role: 'partner_admin' });
    const trail = await db.select().from(auditLogs).where(eq(auditLogs.partnerId, value!.partnerId));
    expect(trail.map((r) => r.action)).toEqual(['partner.sign_up']);
    expect(trail[0]).toMatchObject({ actorType: 'user', actorId: value!.userId, actorLabel: 'pat@initech.test' });
    // The new account can sign in with the password it chose.
    expect(await verifyCredentials(db, { email: 'PAT@initech.test', password: valid.password, ip: '198.51.100.1' })).toMatchObject({ ok: true });
  });

  it('a taken email, in any letter case, gets the usual answer and nothing is written', async () => {
    await signUp({ ...valid, email: 'casey@dup.test', organization: 'First' });
    await confirm('casey@dup.test');
    const before = await totals();
    for (const email of ['casey@dup.test', 'CASEY@DUP.TEST', ' Casey@Dup.Test ']) {
      const { result } = await signUp({ ...valid, email, organization: 'Second' });
      expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/Check your inbox/) });
    }
    expect(await totals()).toEqual(before);
  });

  it('two confirmed sign-ups for one email: one account, the other link says so', async () => {
    await signUp({ ...valid, email: 'race@dup.test', organization: 'Race A' });
    const first = lastLink('race@dup.test');
    await signUp({ ...valid, email: 'RACE@dup.test', organization: 'Race B' });
    const second = lastLink('race@dup.test');
    const results = await Promise.all([first, second].map((token) => executeAction(confirmSignUpSpec, { token }, { actor: null, meta: meta() })));
    expect(results.filter((r) => r.result.ok)).toHaveLength(1);
    const [row] = await db
      .select({ n: count() })
      .from(users)
      .where(eq(sql`lower(${users.email})`, 'race@dup.test'));
    expect(row?.n).toBe(1);
  });

  it('gives a field error for each bad field', async () => {
    const { result } = await signUp({ name: '', email: 'not-an-email', password: 'short', organization: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'organization', 'password']);
  });

  it('gives organizations with the same name distinct slugs', async () => {
    await signUp({ ...valid, email: 'one@slug.test', organization: 'Umbrella Corp' });
    await signUp({ ...valid, email: 'two@slug.test', organization: 'Umbrella Corp' });
    const a = await confirm('one@slug.test');
    const b = await confirm('two@slug.test');
    const slugs = await db
      .select({ slug: partners.slug })
      .from(partners)
      .where(sql`${partners.id} in (${a.value!.partnerId}, ${b.value!.partnerId})`);
    expect(slugs.map((s) => s.slug).sort()).toEqual(['umbrella-corp', 'umbrella-corp-2']);
  });
});
