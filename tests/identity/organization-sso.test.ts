import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { memberships, organizationSso } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { organizationSsoClientSecret, saveOrganizationSsoSpec, ssoRouteForEmail } from '@/lib/identity/organization-sso';
import { startDomainVerificationSpec, verifyDomainByToken } from '@/lib/identity/sso-domains';
import { signInWithSso } from '@/lib/identity/sso-sign-in';
import { createCast, createUser, testMeta, TEST_PASSWORD } from '../support/fixtures';

const outbox = vi.hoisted(() => [] as { to: string; text: string }[]);
vi.mock('@/lib/mail/send-mail', () => ({
  sendMail: async (mail: { to: string; text: string }) => void outbox.push(mail),
  sendMailInBackground: (mail: { to: string; text: string }) => void outbox.push(mail),
}));

const meta = { ip: '198.51.100.50', userAgent: 'vitest' };

/** An organization with its provider connected and `domain` verified through the mailed link. */
async function organizationWithSso(domain: string, enforced: boolean) {
  const cast = await createCast();
  const saved = await executeAction(
    saveOrganizationSsoSpec,
    { issuer: 'https://login.example.test/', clientId: 'portal', clientSecret: 'idp-client-secret', enforced: String(enforced) },
    { actor: cast.partnerAdmin, meta: testMeta },
  );
  expect(saved.result).toMatchObject({ ok: true });
  const started = await executeAction(
    startDomainVerificationSpec,
    { email: `it@${domain}` },
    { actor: cast.partnerAdmin, meta: { ...testMeta, origin: 'https://portal.test' } },
  );
  expect(started.result).toMatchObject({ ok: true });
  const mail = outbox.filter((m) => m.to === `it@${domain}`).at(-1);
  const token = mail?.text.match(/\/sso\/verify-domain\/([\w-]+)/)?.[1];
  expect(await ssoRouteForEmail(db, `someone@${domain}`)).toBeNull(); // not before the link is opened
  expect(await verifyDomainByToken(db, token!)).toEqual({ partnerId: cast.org.id, domain });
  expect(await verifyDomainByToken(db, token!)).toBeNull(); // once
  return cast;
}

describe('per-organization single sign-on', () => {
  it('stores the client secret sealed, and routes the verified domain to the organization', async () => {
    const cast = await organizationWithSso('acme-sso.test', false);
    const [row] = await db.select().from(organizationSso).where(eq(organizationSso.partnerId, cast.org.id));
    expect(JSON.stringify(row)).not.toContain('idp-client-secret');
    expect(organizationSsoClientSecret(row!)).toBe('idp-client-secret');
    expect(row?.issuer).toBe('https://login.example.test');
    expect(await ssoRouteForEmail(db, 'Pat@ACME-SSO.test')).toMatchObject({ partnerId: cast.org.id, enforced: false });
    expect(await ssoRouteForEmail(db, 'pat@elsewhere.test')).toBeNull();
  });

  it("an organization's provider cannot sign in an address outside its verified domains", async () => {
    const cast = await organizationWithSso('own-sso.test', false);
    const victim = await createUser({ email: 'victim@elsewhere-sso.test' });
    const result = await signInWithSso(db, { email: victim.email, emailVerified: true, name: null }, { kind: 'organization', partnerId: cast.org.id }, meta);
    expect(result).toEqual({ ok: false, reason: 'domain_not_verified' });
  });

  it('a new person of the domain joins the organization just in time as a developer', async () => {
    const cast = await organizationWithSso('jit-sso.test', false);
    const result = await signInWithSso(
      db,
      { email: 'new.person@jit-sso.test', emailVerified: true, name: 'New Person' },
      { kind: 'organization', partnerId: cast.org.id },
      meta,
    );
    expect(result).toMatchObject({ ok: true, created: true });
    if (!result.ok) return;
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, result.user.id));
    expect(membership).toMatchObject({ partnerId: cast.org.id, role: 'developer' });
    const actor = await loadActor(db, result.user.id, { sessionId: result.sessionId });
    expect(actor?.membership).toMatchObject({ partnerId: cast.org.id, role: 'developer' });
  });

  it('links an account by a verified email only', async () => {
    const cast = await organizationWithSso('link-sso.test', false);
    const existing = await createUser({ email: 'existing@link-sso.test' });
    const unverified = await signInWithSso(
      db,
      { email: existing.email, emailVerified: false, name: null },
      { kind: 'organization', partnerId: cast.org.id },
      meta,
    );
    expect(unverified).toEqual({ ok: false, reason: 'email_unverified' });
    const verified = await signInWithSso(
      db,
      { email: existing.email, emailVerified: true, name: null },
      { kind: 'organization', partnerId: cast.org.id },
      meta,
    );
    expect(verified).toMatchObject({ ok: true, created: false, user: { id: existing.id } });
    // A member of another organization is not taken over.
    const other = await createCast();
    const foreign = await signInWithSso(
      db,
      { email: other.developer.email, emailVerified: true, name: null },
      { kind: 'organization', partnerId: cast.org.id },
      meta,
    );
    expect(foreign).toEqual({ ok: false, reason: 'domain_not_verified' });
    const sameDomainOtherOrg = await createUser({ email: 'taken@link-sso.test', org: { id: other.org.id, role: 'developer' } });
    const takeover = await signInWithSso(
      db,
      { email: sameDomainOtherOrg.email, emailVerified: true, name: null },
      { kind: 'organization', partnerId: cast.org.id },
      meta,
    );
    expect(takeover).toEqual({ ok: false, reason: 'other_organization' });
  });

  it('enforcement refuses a password sign-in for the enforced domain, even with the right password', async () => {
    await organizationWithSso('enforced-sso.test', true);
    const member = await createUser({ email: 'member@enforced-sso.test' });
    expect(await verifyCredentials(db, { email: member.email, password: TEST_PASSWORD, ip: '198.51.100.51' })).toEqual({ ok: false, reason: 'sso_enforced' });
    // Other domains sign in with passwords as before.
    const outsider = await createUser({ email: 'someone@not-enforced.test' });
    expect(await verifyCredentials(db, { email: outsider.email, password: TEST_PASSWORD, ip: '198.51.100.51' })).toMatchObject({ ok: true });
  });

  it('staff single sign-on: the role claim makes staff; without it, nobody new gets in', async () => {
    const admin = await signInWithSso(db, { email: 'ops@company.test', emailVerified: true, name: 'Ops' }, { kind: 'staff', staffRole: 'admin' }, meta);
    expect(admin).toMatchObject({ ok: true, created: true });
    if (admin.ok) expect((await loadActor(db, admin.user.id, { sessionId: admin.sessionId }))?.staffRole).toBe('admin');
    expect(await signInWithSso(db, { email: 'stranger@company.test', emailVerified: true, name: null }, { kind: 'staff', staffRole: null }, meta)).toEqual({
      ok: false,
      reason: 'no_account',
    });
  });
});
