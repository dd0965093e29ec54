import { count, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships, partners, signUpRequests, users } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { createCast, createUser, testMeta } from '../support/fixtures';

const outbox = vi.hoisted(() => [] as { to: string; subject: string; text: string }[]);
vi.mock('@/lib/mail/send-mail', () => ({
  sendMail: async (mail: { to: string; subject: string; text: string }) => {
    outbox.push(mail);
    return 'log';
  },
  sendMailInBackground: (mail: { to: string; subject: string; text: string }) => {
    outbox.push(mail);
  },
}));

const { confirmSignUpSpec, signUpSpec } = await import('@/lib/onboarding/sign-up');
const { createInviteSpec } = await import('@/lib/invites/create-invite');
const { signUpWithInviteSpec } = await import('@/lib/invites/accept-invite');

let ipCounter = 0;
// A fresh IP per sign-up, so that the per-IP sign-up throttle stays out of these tests.
const meta = (): RequestMeta => ({ ...testMeta, ip: `192.0.2.${++ipCounter}`, origin: 'https://portal.example.test' });
const signUp = (input: Record<string, unknown>) => executeAction(signUpSpec, input, { actor: null, meta: meta() });
const confirm = (token: string) => executeAction(confirmSignUpSpec, { token }, { actor: null, meta: meta() });
const linkIn = (to: string, path: string) => {
  const mail = outbox.filter((m) => m.to === to && m.text.includes(path)).at(-1);
  const match = mail?.text.match(new RegExp(`https?://\\S+${path}([A-Za-z0-9]+)`));
  return match?.[1] ?? null;
};

async function totals() {
  const [u] = await db.select({ n: count() }).from(users);
  const [p] = await db.select({ n: count() }).from(partners);
  return { users: u?.n, partners: p?.n };
}

beforeEach(() => {
  outbox.length = 0;
});

describe('email ownership', () => {
  it('sign-up creates nothing until the emailed link is used; the link works once', async () => {
    const before = await totals();
    const { result } = await signUp({ name: 'Pat', email: 'pat@owner.test', password: 'a long enough password', organization: 'Initech' });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/Check your inbox/) });
    expect(await totals()).toEqual(before);
    // Not signed in, not able to sign in: there is no account yet.
    expect(await verifyCredentials(db, { email: 'pat@owner.test', password: 'a long enough password', ip: '198.51.100.90' })).toEqual({
      ok: false,
      reason: 'invalid',
    });

    const token = linkIn('pat@owner.test', '/signup/confirm/');
    expect(token).toBeTruthy();
    expect(outbox[0]!.text).toContain('https://portal.example.test/signup/confirm/');
    // Only the token's hash is stored.
    const stored = await db.select().from(signUpRequests).where(eq(signUpRequests.email, 'pat@owner.test'));
    expect(JSON.stringify(stored)).not.toContain(token!);

    const confirmed = await confirm(token!);
    expect(confirmed.result.ok).toBe(true);
    const [org] = await db.select().from(partners).where(eq(partners.id, confirmed.value!.partnerId));
    expect(org).toMatchObject({ name: 'Initech', status: 'pending', primaryContactId: confirmed.value!.userId });
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, confirmed.value!.userId));
    expect(membership).toMatchObject({ role: 'partner_admin' });
    const trail = await db.select().from(auditLogs).where(eq(auditLogs.partnerId, confirmed.value!.partnerId));
    expect(trail.map((r) => r.action)).toEqual(['partner.sign_up']);
    expect(await verifyCredentials(db, { email: 'PAT@owner.test', password: 'a long enough password', ip: '198.51.100.91' })).toMatchObject({ ok: true });

    expect((await confirm(token!)).result).toMatchObject({ ok: false, error: expect.stringMatching(/not valid any more/) });
    expect((await confirm('NotARealToken123456')).result.ok).toBe(false);
  });

  it('answers the same for a known address, creates nothing, and mails the owner instead', async () => {
    const owner = await createUser({ email: 'known@owner.test' });
    const input = { name: 'Someone', password: 'a long enough password', organization: 'Copycat' };
    const before = await totals();
    const t0 = performance.now();
    const known = await signUp({ ...input, email: 'KNOWN@owner.test' });
    const knownMs = performance.now() - t0;
    const t1 = performance.now();
    const unknown = await signUp({ ...input, email: 'unknown@owner.test' });
    const unknownMs = performance.now() - t1;

    const answer = (r: typeof known.result, email: string) => (r.ok ? r.message?.replace(email, '<email>') : r);
    expect(answer(known.result, 'known@owner.test')).toEqual(answer(unknown.result, 'unknown@owner.test'));
    expect(known.result.ok && unknown.result.ok).toBe(true);
    // Same work either way (an argon2 hash each): the same order of magnitude.
    expect(knownMs / unknownMs).toBeGreaterThan(0.2);
    expect(knownMs / unknownMs).toBeLessThan(5);

    expect((await totals()).users).toBe(before.users);
    expect(await db.select().from(signUpRequests).where(eq(signUpRequests.email, 'known@owner.test'))).toHaveLength(0);
    const note = outbox.find((m) => m.to === 'known@owner.test');
    expect(note?.subject).toMatch(/tried to create/);
    expect(note?.text).not.toMatch(/signup\/confirm/);
    // The owner's password is untouched.
    expect(await verifyCredentials(db, { email: owner.email, password: owner.password, ip: '198.51.100.92' })).toMatchObject({ ok: true });
  });

  it('a squatter who signs up with an invited address first cannot block the invitation or get in', async () => {
    const { partnerAdmin } = await createCast();
    const invited = 'invitee@victim.test';
    const invite = await executeAction(createInviteSpec, { email: invited, role: 'developer' }, { actor: partnerAdmin, meta: testMeta });
    expect(invite.result.ok).toBe(true);
    const inviteToken = String((invite.value as { link: string }).link).split('/invite/')[1]!;

    // The squatter signs up with the invited address (and never sees its mailbox).
    const squat = await signUp({ name: 'Squatter', email: invited, password: 'squatter password!', organization: 'Squat Co' });
    expect(squat.result.ok).toBe(true);
    expect(await verifyCredentials(db, { email: invited, password: 'squatter password!', ip: '198.51.100.93' })).toEqual({ ok: false, reason: 'invalid' });

    // The recipient accepts the invitation: the link proves the address.
    const joined = await executeAction(
      signUpWithInviteSpec,
      { token: inviteToken, name: 'Invitee', password: 'the real owner password' },
      { actor: null, meta: testMeta },
    );
    expect(joined.result, JSON.stringify(joined.result)).toMatchObject({ ok: true });
    expect(await verifyCredentials(db, { email: invited, password: 'the real owner password', ip: '198.51.100.94' })).toMatchObject({ ok: true });
    expect(await verifyCredentials(db, { email: invited, password: 'squatter password!', ip: '198.51.100.95' })).toEqual({ ok: false, reason: 'invalid' });

    // The squatter's confirmation link (which went to the owner's mailbox anyway) is dead.
    const squatToken = linkIn(invited, '/signup/confirm/');
    expect((await confirm(squatToken!)).result.ok).toBe(false);
    const [row] = await db
      .select({ n: count() })
      .from(users)
      .where(eq(sql`lower(${users.email})`, invited));
    expect(row?.n).toBe(1);
    const [squatOrg] = await db.select({ n: count() }).from(partners).where(eq(partners.name, 'Squat Co'));
    expect(squatOrg?.n).toBe(0);
  });

  it('invitation links use the configured URL, never a client-sent X-Forwarded-Host', async () => {
    const { publicOrigin } = await import('@/lib/auth/public-origin');
    const headers = new Headers({ host: 'portal.internal:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(publicOrigin(headers, 'http', {})).toBe('http://portal.internal:3000');
    expect(publicOrigin(headers, 'http', { PORTAL_URL: 'https://partners.example.com/' })).toBe('https://partners.example.com');
    expect(publicOrigin(headers, 'http', { AUTH_URL: 'https://auth.example.com/api/auth' })).toBe('https://auth.example.com');
    expect(publicOrigin(headers, 'http', { TRUST_PROXY_HOPS: '1' })).toBe('https://portal.internal:3000');
    expect(publicOrigin(new Headers({ host: 'bad host/x' }), 'http', {})).toBeNull();
  });
});
