import { describe, expect, it } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { authorize, can, policyActions, type PolicyResource } from '@/lib/auth/policy';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import type { PartnerStatus } from '@/db/schema';

type Role = 'admin' | 'support' | 'partner_admin' | 'developer';
type Cells = [own: boolean, foreign: boolean, none: boolean];

const OWN = 'org_own';
const FOREIGN = 'org_foreign';

function actorFor(role: Role, status: PartnerStatus = 'active'): UserActor {
  const base = { kind: 'user' as const, userId: `usr_${role}`, email: `${role}@x.test`, name: role };
  if (role === 'admin' || role === 'support') return { ...base, staffRole: role, membership: null };
  return {
    ...base,
    staffRole: null,
    membership: { partnerId: OWN, partnerName: 'Own', partnerSlug: 'own', partnerStatus: status, role },
  };
}

// DESIGN.md §3, written out cell by cell: [resource in the actor's org, in another org, in no org].
// For staff, "own" is simply some organization. Variants (key environment, secret environment,
// doc published) are rows of their own.
const Y = true;
const N = false;
const all: Cells = [Y, Y, Y];
const nothing: Cells = [N, N, N];
const ownOnly: Cells = [Y, N, N];
const ownAndGlobal: Cells = [Y, N, Y];

const table: { action: (typeof policyActions)[number]; extra?: Partial<PolicyResource>; cells: Record<Role, Cells> }[] = [
  { action: 'partner.list', cells: { admin: all, support: all, partner_admin: nothing, developer: nothing } },
  { action: 'partner.create', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'partner.approve', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'partner.suspend', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'partner.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'partner.update', cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'member.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'member.manage', cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'key.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'key.write', extra: { keyEnvironment: 'test' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'key.write', extra: { keyEnvironment: 'live' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'usage.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'catalog.read', cells: { admin: all, support: all, partner_admin: ownAndGlobal, developer: ownAndGlobal } },
  { action: 'catalog.write', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'doc.read', extra: { published: true }, cells: { admin: all, support: all, partner_admin: ownAndGlobal, developer: ownAndGlobal } },
  { action: 'doc.read', extra: { published: false }, cells: { admin: all, support: all, partner_admin: nothing, developer: nothing } },
  { action: 'doc.write', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'secret.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'secret.write', extra: { secretEnvironment: 'development' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'secret.write', extra: { secretEnvironment: 'production' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'audit.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: nothing } },
  { action: 'user.manage', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
];

const roles: Role[] = ['admin', 'support', 'partner_admin', 'developer'];
const scopes = [
  { name: 'own org', partnerId: OWN, index: 0 },
  { name: 'foreign org', partnerId: FOREIGN, index: 1 },
  { name: 'no org', partnerId: null, index: 2 },
] as const;

describe('policy: every role × action × scope cell of DESIGN.md §3', () => {
  it('the table above covers every action the policy knows', () => {
    expect(new Set(table.map((row) => row.action))).toEqual(new Set(policyActions));
  });

  for (const row of table) {
    for (const role of roles) {
      for (const scope of scopes) {
        const expected = row.cells[role][scope.index];
        const label = `${role} ${expected ? 'may' : 'may not'} ${row.action}${row.extra ? ` ${JSON.stringify(row.extra)}` : ''} on a ${scope.name} resource`;
        it(label, () => {
          expect(can(actorFor(role), row.action, { partnerId: scope.partnerId, ...row.extra })).toBe(expected);
        });
      }
    }
  }
});

describe('policy: organization status and edge cases', () => {
  const writes = table.filter((r) => ['partner.update', 'member.manage', 'key.write', 'secret.write'].includes(r.action));

  for (const status of ['pending', 'suspended'] as const) {
    it(`a ${status} organization's partner_admin may read but not write`, () => {
      const actor = actorFor('partner_admin', status);
      expect(can(actor, 'partner.read', { partnerId: OWN })).toBe(true);
      expect(can(actor, 'key.read', { partnerId: OWN })).toBe(true);
      for (const row of writes) expect(can(actor, row.action, { partnerId: OWN, ...row.extra })).toBe(false);
    });
  }

  it('nobody signed in may do anything', () => {
    for (const action of policyActions) expect(can(null, action, { partnerId: null })).toBe(false);
  });

  it('a partner user without a membership may do nothing', () => {
    const actor: UserActor = { kind: 'user', userId: 'usr_x', email: 'x@x.test', name: 'x', staffRole: null, membership: null };
    for (const action of policyActions) expect(can(actor, action, { partnerId: OWN })).toBe(false);
  });

  it("authorize answers 404 for a foreign org's resource and 403 within the actor's own org", () => {
    const developer = actorFor('developer');
    expect(() => authorize(developer, 'key.read', { partnerId: FOREIGN })).toThrow(NotFoundError);
    expect(() => authorize(developer, 'key.write', { partnerId: FOREIGN, keyEnvironment: 'test' })).toThrow(NotFoundError);
    expect(() => authorize(developer, 'key.write', { partnerId: OWN, keyEnvironment: 'live' })).toThrow(ForbiddenError);
    expect(() => authorize(developer, 'key.write', { partnerId: OWN, keyEnvironment: 'test' })).not.toThrow();
    expect(() => authorize(actorFor('support'), 'partner.approve', { partnerId: FOREIGN })).toThrow(ForbiddenError);
  });

  it('an unpublished doc is a 404, not a 403, to those who may not read drafts', () => {
    expect(() => authorize(actorFor('developer'), 'doc.read', { partnerId: null, published: false })).toThrow(NotFoundError);
  });
});
