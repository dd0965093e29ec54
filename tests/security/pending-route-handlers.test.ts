import { describe, expect, it, vi } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { actorOf, createOrg, createUser } from '../support/fixtures';

// The route handlers' session comes from Auth.js; here it is the actor under test.
const current = vi.hoisted(() => ({ actor: null as UserActor | null }));
vi.mock('@/lib/auth/session', () => ({
  getActor: async () => current.actor,
  getSession: async () => (current.actor ? { userId: current.actor.userId, sessionId: 'ses_test' } : null),
  sessionStillOpen: async () => true,
  getRequestMeta: async () => ({ ip: '203.0.113.7', userAgent: 'vitest', origin: null, sessionId: 'ses_test' }),
}));

const live = await import('@/app/api/usage/live/route');
const auditExport = await import('@/app/(portal)/audit/export/route');

describe('a pending organization gets the same answer from route handlers as from pages', () => {
  it('live traffic and the audit export refuse with "awaits approval" instead of serving', async () => {
    const pending = await createOrg({ status: 'pending' });
    current.actor = await actorOf((await createUser({ org: { id: pending.id, role: 'partner_admin' } })).id);

    const stream = await live.GET(new Request('http://portal.test/api/usage/live'));
    expect(stream.status).toBe(403);
    expect(await stream.json()).toMatchObject({ reason: 'pending', error: 'Your organization awaits approval.' });

    const csv = await auditExport.GET(new Request('http://portal.test/audit/export'));
    expect(csv.status).toBe(403);
    expect(await csv.text()).toBe('Your organization awaits approval.');
  });

  it('an active organization still streams', async () => {
    const active = await createOrg();
    current.actor = await actorOf((await createUser({ org: { id: active.id, role: 'partner_admin' } })).id);
    const controller = new AbortController();
    const stream = await live.GET(new Request('http://portal.test/api/usage/live', { signal: controller.signal }));
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
  });
});
