import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '@/lib/auth/auth-config';
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

  it('keeps a loopback public origin as configured (a NextRequest turns 127.0.0.1 into localhost)', async () => {
    // What an OIDC provider registered as the redirect URI must be what Auth.js builds it on.
    const env = { AUTH_URL: 'http://127.0.0.1:4123' };
    const get = new NextRequest('http://127.0.0.1:4123/api/auth/signin/oidc', { headers: { host: '127.0.0.1:4123' } });
    expect(get.url).toBe('http://localhost:4123/api/auth/signin/oidc'); // Next's rewrite, the cause
    expect(withPublicOrigin(get, env).url).toBe('http://127.0.0.1:4123/api/auth/signin/oidc');
    expect(withPublicOrigin(get, {}).url).toBe('http://127.0.0.1:4123/api/auth/signin/oidc'); // from the Host
    const post = new NextRequest('http://127.0.0.1:4123/api/auth/signin/oidc', {
      method: 'POST',
      headers: { host: '127.0.0.1:4123', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrfToken=abc&callbackUrl=%2F',
    });
    const forwarded = withPublicOrigin(post, env);
    expect(forwarded.method).toBe('POST');
    expect(await forwarded.text()).toBe('csrfToken=abc&callbackUrl=%2F');
  });
});

describe('where Auth.js sends the browser after signing in or out', () => {
  it('a path on the portal, never another site, and never an absolute URL on the configured host', () => {
    const base = 'http://127.0.0.1:3000';
    expect(sameOriginPath('/keys?tab=live#new', base)).toBe('/keys?tab=live#new');
    expect(sameOriginPath('http://127.0.0.1:3000/account', base)).toBe('/account');
    expect(sameOriginPath('https://evil.example/phish', base)).toBe('/');
    expect(sameOriginPath('//evil.example/phish', base)).toBe('/');
    expect(sameOriginPath('/\\evil.example/phish', base)).toBe('/');
    expect(sameOriginPath('http://localhost:3000/account', base)).toBe('/');
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
