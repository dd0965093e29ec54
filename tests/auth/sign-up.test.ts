import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships, partners, users } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { signUpSpec } from '@/lib/auth/sign-up';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { testMeta } from '../support/fixtures';

const valid = { name: 'Pat Partner', email: 'Pat@Initech.test', password: 'a long enough password', organization: 'Initech' };
const signUp = (input: Record<string, unknown>) => executeAction(signUpSpec, input, { actor: null, meta: testMeta });

async function totals() {
  const [u] = await db.select({ n: count() }).from(users);
  const [p] = await db.select({ n: count() }).from(partners);
  const [m] = await db.select({ n: count() }).from(memberships);
  return { users: u?.n, partners: p?.n, memberships: m?.n };
}

describe('self-service sign-up', () => {
  it('creates the user, a pending organization with them as partner_admin, and an audit row', async () => {
    const { result, value } = await signUp(valid);
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

  it('refuses a duplicate email in any letter case with a field error, writing nothing', async () => {
    await signUp({ ...valid, email: 'casey@dup.test', organization: 'First' });
    const before = await totals();
    for (const email of ['casey@dup.test', 'CASEY@DUP.TEST', ' Casey@Dup.Test ']) {
      const { result } = await signUp({ ...valid, email, organization: 'Second' });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.fieldErrors?.email?.[0]).toMatch(/already exists/);
    }
    expect(await totals()).toEqual(before);
  });

  it('two sign-ups with one email at the same time: one account, the other gets the field error', async () => {
    const results = await Promise.all([
      signUp({ ...valid, email: 'race@dup.test', organization: 'Race A' }),
      signUp({ ...valid, email: 'RACE@dup.test', organization: 'Race B' }),
    ]);
    expect(results.filter((r) => r.result.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.result.ok)!.result;
    expect(!failed.ok && failed.fieldErrors?.email?.[0]).toMatch(/already exists/);
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
    const a = await signUp({ ...valid, email: 'one@slug.test', organization: 'Umbrella Corp' });
    const b = await signUp({ ...valid, email: 'two@slug.test', organization: 'Umbrella Corp' });
    const slugs = await db
      .select({ slug: partners.slug })
      .from(partners)
      .where(sql`${partners.id} in (${a.value!.partnerId}, ${b.value!.partnerId})`);
    expect(slugs.map((s) => s.slug).sort()).toEqual(['umbrella-corp', 'umbrella-corp-2']);
  });
});
