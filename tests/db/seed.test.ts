import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { memberships, partners, users } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { DEMO_PASSWORD, seedDemoData } from '@/lib/seed/demo-data';

const totals = async () => ({
  users: (await db.select({ n: count() }).from(users))[0]?.n,
  partners: (await db.select({ n: count() }).from(partners))[0]?.n,
  memberships: (await db.select({ n: count() }).from(memberships))[0]?.n,
});

describe('the demo seed', () => {
  it('creates the four roles in an active and a pending org, and is idempotent', async () => {
    const logins = await seedDemoData(db);
    const once = await totals();
    expect(once).toEqual({ users: 6, partners: 2, memberships: 4 });
    await seedDemoData(db);
    expect(await totals()).toEqual(once);

    expect(new Set(logins.map((l) => l.role))).toEqual(new Set(['admin', 'support', 'partner_admin', 'developer']));
    const [acme] = await db.select().from(partners).where(eq(partners.slug, 'acme'));
    const [globex] = await db.select().from(partners).where(eq(partners.slug, 'globex'));
    expect(acme?.status).toBe('active');
    expect(globex?.status).toBe('pending');

    for (const login of logins) {
      const result = await verifyCredentials(db, { email: login.email, password: DEMO_PASSWORD, ip: '192.0.2.9' });
      expect(result.ok).toBe(true);
      const actor = await loadActor(db, result.ok ? result.user.id : '');
      expect(actor?.staffRole ?? actor?.membership?.role).toBe(login.role);
      if (login.organization) expect(actor?.membership?.partnerName).toBe(login.organization);
    }
  });
});
