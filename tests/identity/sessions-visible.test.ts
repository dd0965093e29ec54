import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs } from '@/db/schema';
import { endSessionSpec } from '@/lib/account/end-session';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { auditSignInFailure } from '@/lib/identity/sign-in-audit';
import { listOpenSessions } from '@/lib/identity/list-sessions';
import { openSignInSession } from '@/lib/identity/open-session';
import { endUserSessionsSpec } from '@/lib/users/end-user-sessions';
import { actorOf, createCast, createUser, testMeta } from '../support/fixtures';

const firefoxMac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0';
const chromeAndroid = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

describe('sessions people can see and end', () => {
  it('lists open sessions with device, browser, address and method, and audits the sign-in', async () => {
    const user = await createUser();
    const here = await openSignInSession(db, user, { method: 'password', ip: '198.51.100.4', userAgent: firefoxMac });
    await openSignInSession(db, user, { method: 'password', ip: '198.51.100.9', userAgent: chromeAndroid });
    const list = await listOpenSessions(db, user.id, here);
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.id === here)).toMatchObject({ browser: 'Firefox', device: 'macOS', ip: '198.51.100.4', method: 'password', current: true });
    expect(list.find((s) => s.id !== here)).toMatchObject({ browser: 'Chrome', device: 'Android', current: false });
    const signIns = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'user.sign_in'), eq(auditLogs.actorId, user.id)));
    expect(signIns).toHaveLength(2);
    expect(signIns[0]?.metadata).toMatchObject({ method: 'password', secondFactor: 'none' });
  });

  it('a removed session is refused on its next request; the others go on', async () => {
    const user = await createUser();
    const here = await openSignInSession(db, user, { method: 'password', ip: '198.51.100.4', userAgent: firefoxMac });
    const there = await openSignInSession(db, user, { method: 'password', ip: '198.51.100.9', userAgent: chromeAndroid });
    const actor = await loadActor(db, user.id, { sessionId: here });
    const { result } = await executeAction(endSessionSpec, { sessionId: there }, { actor, meta: { ...testMeta, sessionId: here } });
    expect(result).toMatchObject({ ok: true });
    expect(await loadActor(db, user.id, { sessionId: there })).toBeNull();
    expect(await loadActor(db, user.id, { sessionId: here })).not.toBeNull();
    expect((await listOpenSessions(db, user.id, here)).map((s) => s.id)).toEqual([here]);
    const [row] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'session.end'), eq(auditLogs.targetId, there)));
    expect(row).toMatchObject({ actorId: user.id });
  });

  it("nobody ends another person's session", async () => {
    const [owner, other] = [await createUser(), await createUser()];
    const sid = await openSignInSession(db, owner, { method: 'password', ip: null, userAgent: null });
    const { result } = await executeAction(endSessionSpec, { sessionId: sid }, { actor: await actorOf(other.id), meta: testMeta });
    expect(result).toMatchObject({ ok: false, error: 'That session has already ended.' });
    expect(await loadActor(db, owner.id, { sessionId: sid })).not.toBeNull();
  });

  it('staff end every session of a user; a partner_admin may not', async () => {
    const { admin, partnerAdmin, developer } = await createCast();
    const a = await openSignInSession(db, { id: developer.userId, email: developer.email }, { method: 'password', ip: null, userAgent: null });
    const b = await openSignInSession(db, { id: developer.userId, email: developer.email }, { method: 'password', ip: null, userAgent: null });
    const refused = await executeAction(endUserSessionsSpec, { userId: developer.userId }, { actor: partnerAdmin, meta: testMeta });
    expect(refused.result.ok).toBe(false);
    const { result } = await executeAction(endUserSessionsSpec, { userId: developer.userId }, { actor: admin, meta: testMeta });
    expect(result).toMatchObject({ ok: true, message: `${developer.email} is signed out of 2 sessions.` });
    expect(await loadActor(db, developer.userId, { sessionId: a })).toBeNull();
    expect(await loadActor(db, developer.userId, { sessionId: b })).toBeNull();
  });

  it('failed sign-ins are audited at most once per email, address and reason in the throttle window', async () => {
    const email = `nobody-${Date.now()}@example.test`;
    const meta = { ip: '192.0.2.77', userAgent: 'vitest' };
    expect(await auditSignInFailure(db, { email, reason: 'invalid' }, meta)).toBe(true);
    expect(await auditSignInFailure(db, { email, reason: 'invalid' }, meta)).toBe(false);
    expect(await auditSignInFailure(db, { email, reason: 'throttled' }, meta)).toBe(true);
    expect(await auditSignInFailure(db, { email, reason: 'invalid' }, { ...meta, ip: '192.0.2.78' })).toBe(true);
    const rows = await db.select().from(auditLogs).where(eq(auditLogs.action, 'user.sign_in_failed'));
    expect(rows.filter((r) => (r.metadata as { email?: string }).email === email)).toHaveLength(3);
  });
});
