import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, invites, memberships, partners } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { acceptInviteSpec, signUpWithInviteSpec } from '@/lib/invites/accept-invite';
import { createInviteSpec } from '@/lib/invites/create-invite';
import { lookUpInvite } from '@/lib/invites/find-invite';
import { revokeInviteSpec } from '@/lib/invites/revoke-invite';
import { createPartnerSpec } from '@/lib/partners/create-partner';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';

const tokenOf = (link: string) => link.split('/invite/')[1]!;
const as = (actor: Awaited<ReturnType<typeof actorOf>> | null) => ({ actor, meta: { ...testMeta, origin: 'https://portal.example' } });

describe('invitations', () => {
  it('staff create an org and invite its primary contact, who signs up through the link and lands as partner_admin', async () => {
    const { admin } = await createCast();
    const created = await executeAction(createPartnerSpec, { name: 'Initech', supportTier: 'priority', primaryContactEmail: 'Peter@Initech.test' }, as(admin));
    expect(created.result.ok).toBe(true);
    const { partnerId, invite } = created.value!;
    expect(invite.link).toMatch(/^https:\/\/portal\.example\/invite\/[0-9A-Za-z]{32}$/);
    const [org] = await db.select().from(partners).where(eq(partners.id, partnerId));
    expect(org).toMatchObject({ status: 'active', supportTier: 'priority', slug: 'initech' });

    const looked = await lookUpInvite(tokenOf(invite.link));
    expect(looked).toMatchObject({ ok: true, partnerName: 'Initech', invite: { email: 'peter@initech.test', role: 'partner_admin' } });

    const joined = await executeAction(signUpWithInviteSpec, { token: tokenOf(invite.link), name: 'Peter', password: 'a long enough password' }, as(null));
    expect(joined.result.ok).toBe(true);
    const peter = await actorOf(joined.value!.userId);
    expect(peter.membership).toMatchObject({ partnerId, role: 'partner_admin', partnerStatus: 'active' });
    const [after] = await db.select().from(partners).where(eq(partners.id, partnerId));
    expect(after?.primaryContactId).toBe(peter.userId);

    const trail = await db.select().from(auditLogs).where(eq(auditLogs.partnerId, partnerId));
    expect(trail.map((r) => r.action).sort()).toEqual(['member.invite', 'member.join', 'partner.create']);
    // The join is recorded as done by the new user, not by "anonymous".
    expect(trail.find((r) => r.action === 'member.join')).toMatchObject({ actorType: 'user', actorId: peter.userId, actorLabel: 'peter@initech.test' });
    // The token is in no audit row.
    const all = JSON.stringify(await db.select().from(auditLogs));
    expect(all).not.toContain(tokenOf(invite.link));
  });

  it('a used, expired or withdrawn link is refused with a clear message and changes nothing', async () => {
    const { org, partnerAdmin } = await createCast();
    const mk = async (email: string) => (await executeAction(createInviteSpec, { email, role: 'developer' }, as(partnerAdmin))).value!;

    const used = await mk('used@x.test');
    expect((await executeAction(signUpWithInviteSpec, { token: tokenOf(used.link), name: 'U', password: 'a long enough password' }, as(null))).result.ok).toBe(
      true,
    );
    const reuse = await executeAction(signUpWithInviteSpec, { token: tokenOf(used.link), name: 'U2', password: 'a long enough password' }, as(null));
    expect(reuse.result).toMatchObject({ ok: false, error: 'This invitation has already been used. Sign in instead.' });

    const expired = await mk('late@x.test');
    await db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, expired.inviteId));
    const late = await executeAction(signUpWithInviteSpec, { token: tokenOf(expired.link), name: 'L', password: 'a long enough password' }, as(null));
    expect(late.result).toMatchObject({ ok: false, error: 'This invitation has expired. Ask the person who invited you for a new one.' });
    expect(await lookUpInvite(tokenOf(expired.link))).toMatchObject({ ok: false, problem: 'expired' });

    const withdrawn = await mk('gone@x.test');
    expect((await executeAction(revokeInviteSpec, { inviteId: withdrawn.inviteId }, as(partnerAdmin))).result.ok).toBe(true);
    expect(
      (await executeAction(signUpWithInviteSpec, { token: tokenOf(withdrawn.link), name: 'G', password: 'a long enough password' }, as(null))).result,
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/withdrawn/),
    });
    expect(await lookUpInvite('x'.repeat(32))).toMatchObject({ ok: false, problem: 'unknown' });

    const members = await db.select().from(memberships).where(eq(memberships.partnerId, org.id));
    expect(members).toHaveLength(3); // admin, developer, and the one who used the first link
  });

  it('a signed-in user accepts only an invitation addressed to their own email', async () => {
    const { partnerAdmin } = await createCast();
    const existing = await createUser({ email: 'existing@x.test' });
    const other = await createUser();
    const invite = (await executeAction(createInviteSpec, { email: 'existing@x.test', role: 'developer' }, as(partnerAdmin))).value!;
    const wrong = await executeAction(acceptInviteSpec, { token: tokenOf(invite.link) }, as(await actorOf(other.id)));
    expect(wrong.result).toMatchObject({ ok: false, error: 'This invitation is for existing@x.test. Sign in with that email to accept it.' });
    const right = await executeAction(acceptInviteSpec, { token: tokenOf(invite.link) }, as(await actorOf(existing.id)));
    expect(right.result.ok).toBe(true);
    expect((await actorOf(existing.id)).membership?.role).toBe('developer');
  });

  it('refuses to invite someone already a member, and replaces an earlier open invite for the same email', async () => {
    const { partnerAdmin, developer, org } = await createCast();
    const dup = await executeAction(createInviteSpec, { email: developer.email.toUpperCase(), role: 'developer' }, as(partnerAdmin));
    expect(!dup.result.ok && dup.result.fieldErrors?.email?.[0]).toMatch(/already a member/);
    const first = (await executeAction(createInviteSpec, { email: 'twice@x.test', role: 'developer' }, as(partnerAdmin))).value!;
    await executeAction(createInviteSpec, { email: 'twice@x.test', role: 'partner_admin' }, as(partnerAdmin));
    expect(await lookUpInvite(tokenOf(first.link))).toMatchObject({ ok: false, problem: 'revoked' });
    const open = await db
      .select()
      .from(invites)
      .where(and(eq(invites.partnerId, org.id), eq(invites.email, 'twice@x.test')));
    expect(open.filter((i) => !i.revokedAt).map((i) => i.role)).toEqual(['partner_admin']);
  });

  it('a partner_admin cannot invite into another organization (404); developers and support staff cannot invite', async () => {
    const cast = await createCast();
    const other = await createOrg();
    const foreign = await executeAction(createInviteSpec, { partnerId: other.id, email: 'x@x.test', role: 'developer' }, as(cast.partnerAdmin));
    expect(foreign.result).toMatchObject({ ok: false, error: 'Not found' });
    expect(await db.select().from(invites).where(eq(invites.partnerId, other.id))).toHaveLength(0);
    expect((await executeAction(createInviteSpec, { email: 'y@x.test', role: 'developer' }, as(cast.developer))).result.ok).toBe(false);
    expect((await executeAction(createInviteSpec, { partnerId: cast.org.id, email: 'z@x.test', role: 'developer' }, as(cast.support))).result.ok).toBe(false);
  });
});
