import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { publicOrigin, withPublicOrigin } from '@/lib/auth/public-origin';
import { portalAccessProblem } from '@/lib/auth/portal-access';
import { actorOf, createCast, createOrg, createUser } from '../support/fixtures';

describe('the origin of links and redirects', () => {
  it('ignores a client-sent X-Forwarded-Host', () => {
    const headers = new Headers({ host: 'portal.local:3000', 'x-forwarded-host': 'attacker.example' });
    expect(publicOrigin(headers, 'http', {})).toBe('http://portal.local:3000');
    expect(publicOrigin(headers, 'http', { PORTAL_URL: 'https://partners.example.com' })).toBe('https://partners.example.com');
  });

  it('Auth.js sees the request on its public origin, never 0.0.0.0', () => {
    const request = new NextRequest('http://0.0.0.0:3000/api/auth/signin?callbackUrl=%2Fkeys', { headers: { host: 'portal.local:3000' } });
    expect(withPublicOrigin(request, {}).url).toBe('http://portal.local:3000/api/auth/signin?callbackUrl=%2Fkeys');
    expect(withPublicOrigin(request, { AUTH_URL: 'https://partners.example.com' }).url).toBe(
      'https://partners.example.com/api/auth/signin?callbackUrl=%2Fkeys',
    );
    expect(withPublicOrigin(request, {}).method).toBe('GET');
  });
});

describe('route handlers answer a pending organization like the pages', () => {
  it('pending and organization-less users have a problem; active members, suspended ones and staff do not', async () => {
    const { admin, partnerAdmin } = await createCast();
    const pending = await createOrg({ status: 'pending' });
    const suspended = await createOrg({ status: 'suspended' });
    const pendingUser = await actorOf((await createUser({ org: { id: pending.id, role: 'partner_admin' } })).id);
    const suspendedUser = await actorOf((await createUser({ org: { id: suspended.id, role: 'developer' } })).id);
    const loner = await actorOf((await createUser()).id);
    expect(portalAccessProblem(pendingUser)).toBe('pending');
    expect(portalAccessProblem(loner)).toBe('no-organization');
    expect(portalAccessProblem(partnerAdmin)).toBeNull();
    expect(portalAccessProblem(suspendedUser)).toBeNull();
    expect(portalAccessProblem(admin)).toBeNull();
  });
});
