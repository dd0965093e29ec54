import { describe, expect, it } from 'vitest';
import { systemActor, type Actor, type KeyActor, type KeyCeiling, type UserActor } from '@/lib/auth/actor';
import { authorize, can, keyCapability, keyGrantViolations, policyActions, type KeyGrant, type PolicyResource } from '@/lib/auth/policy';
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
  { action: 'key.verify', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'key.sync', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'usage.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'catalog.read', cells: { admin: all, support: all, partner_admin: ownAndGlobal, developer: ownAndGlobal } },
  { action: 'catalog.write', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'doc.read', extra: { published: true }, cells: { admin: all, support: all, partner_admin: ownAndGlobal, developer: ownAndGlobal } },
  { action: 'doc.read', extra: { published: false }, cells: { admin: all, support: all, partner_admin: nothing, developer: nothing } },
  { action: 'doc.write', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'secret.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'secret.reveal', extra: { secretEnvironment: 'development' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'secret.reveal', extra: { secretEnvironment: 'staging' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'secret.reveal', extra: { secretEnvironment: 'production' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'secret.write', extra: { secretEnvironment: 'development' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: ownOnly } },
  { action: 'secret.write', extra: { secretEnvironment: 'production' }, cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
  { action: 'audit.read', cells: { admin: all, support: all, partner_admin: ownOnly, developer: nothing } },
  { action: 'user.manage', cells: { admin: all, support: nothing, partner_admin: nothing, developer: nothing } },
  { action: 'security.manage', cells: { admin: all, support: nothing, partner_admin: ownOnly, developer: nothing } },
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

// ---- API keys and the system, under the same policy ----

const partnerScopes = ['catalog:read', 'docs:read', 'usage:read', 'secrets:read', 'keys:write'] as const;
const ceilings: Record<'staff' | 'partner_admin' | 'developer', KeyCeiling> = {
  staff: {
    origin: 'staff',
    keyEnvironments: ['test', 'live'],
    scopes: [...partnerScopes, 'keys:verify', 'keys:sync'],
    secretEnvironments: null,
    ipAllowlist: null,
    expiresAt: null,
    rateLimitPerMinute: null,
    monthlyQuota: null,
  },
  partner_admin: {
    origin: 'partner_admin',
    keyEnvironments: ['test', 'live'],
    scopes: [...partnerScopes],
    secretEnvironments: null,
    ipAllowlist: null,
    expiresAt: null,
    rateLimitPerMinute: null,
    monthlyQuota: null,
  },
  developer: {
    origin: 'developer',
    keyEnvironments: ['test'],
    scopes: [...partnerScopes],
    secretEnvironments: ['development'],
    ipAllowlist: null,
    expiresAt: null,
    rateLimitPerMinute: null,
    monthlyQuota: null,
  },
};

function keyActor(options: Partial<KeyActor> & { made: keyof typeof ceilings }): KeyActor {
  const { made, ...rest } = options;
  const ceiling = ceilings[made];
  return {
    kind: 'key',
    keyId: 'key_x',
    tokenPrefix: 'pp_test_abc123',
    partnerId: OWN,
    partnerStatus: 'active',
    environment: 'live',
    scopes: [...partnerScopes],
    secretEnvironments: ceiling.secretEnvironments,
    ipAllowlist: [],
    expiresAt: null,
    rateLimitPerMinute: 600,
    monthlyQuota: null,
    organizationMonthlyQuota: 100_000,
    rotatedAt: null,
    ceiling,
    ...rest,
  };
}

type KeyKind = 'live' | 'test' | 'devTest' | 'readOnly' | 'rotatedOut' | 'verifier' | 'system';
const callers: Record<KeyKind, Actor> = {
  live: keyActor({ made: 'partner_admin' }),
  test: keyActor({ made: 'partner_admin', environment: 'test' }),
  // A test key a developer made for themselves: its secret access is development only, whatever it asks.
  devTest: keyActor({ made: 'developer', environment: 'test' }),
  readOnly: keyActor({ made: 'partner_admin', scopes: ['catalog:read', 'docs:read', 'usage:read'] }),
  rotatedOut: keyActor({ made: 'partner_admin', rotatedAt: Date.now() - 1000 }),
  verifier: keyActor({ made: 'staff', scopes: ['keys:verify'] }),
  system: systemActor('ops'),
};
const kinds = Object.keys(callers) as KeyKind[];

const keyTable: { action: (typeof policyActions)[number]; extra?: Partial<PolicyResource>; cells: Record<KeyKind, Cells> }[] = [
  { action: 'partner.list', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all } },
  {
    action: 'partner.create',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  {
    action: 'partner.approve',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  {
    action: 'partner.suspend',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  { action: 'partner.read', cells: { live: ownOnly, test: ownOnly, devTest: ownOnly, readOnly: ownOnly, rotatedOut: ownOnly, verifier: ownOnly, system: all } },
  {
    action: 'partner.update',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  { action: 'member.read', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all } },
  {
    action: 'member.manage',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  { action: 'key.read', cells: { live: ownOnly, test: ownOnly, devTest: ownOnly, readOnly: nothing, rotatedOut: ownOnly, verifier: nothing, system: all } },
  {
    action: 'key.write',
    extra: { keyEnvironment: 'test' },
    cells: { live: ownOnly, test: ownOnly, devTest: ownOnly, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  {
    action: 'key.write',
    extra: { keyEnvironment: 'live' },
    cells: { live: ownOnly, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  { action: 'key.verify', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: all, system: all } },
  { action: 'key.sync', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all } },
  { action: 'usage.read', cells: { live: ownOnly, test: ownOnly, devTest: ownOnly, readOnly: ownOnly, rotatedOut: ownOnly, verifier: nothing, system: all } },
  {
    action: 'catalog.read',
    cells: { live: ownAndGlobal, test: ownAndGlobal, devTest: ownAndGlobal, readOnly: ownAndGlobal, rotatedOut: ownAndGlobal, verifier: nothing, system: all },
  },
  {
    action: 'catalog.write',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  {
    action: 'doc.read',
    extra: { published: true },
    cells: { live: ownAndGlobal, test: ownAndGlobal, devTest: ownAndGlobal, readOnly: ownAndGlobal, rotatedOut: ownAndGlobal, verifier: nothing, system: all },
  },
  {
    action: 'doc.read',
    extra: { published: false },
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  { action: 'doc.write', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all } },
  { action: 'secret.read', cells: { live: ownOnly, test: ownOnly, devTest: ownOnly, readOnly: nothing, rotatedOut: ownOnly, verifier: nothing, system: all } },
  {
    action: 'secret.reveal',
    extra: { secretEnvironment: 'development' },
    cells: { live: ownOnly, test: ownOnly, devTest: ownOnly, readOnly: nothing, rotatedOut: ownOnly, verifier: nothing, system: all },
  },
  {
    action: 'secret.reveal',
    extra: { secretEnvironment: 'staging' },
    cells: { live: ownOnly, test: ownOnly, devTest: nothing, readOnly: nothing, rotatedOut: ownOnly, verifier: nothing, system: all },
  },
  {
    action: 'secret.reveal',
    extra: { secretEnvironment: 'qa-custom' },
    cells: { live: ownOnly, test: ownOnly, devTest: nothing, readOnly: nothing, rotatedOut: ownOnly, verifier: nothing, system: all },
  },
  {
    action: 'secret.reveal',
    extra: { secretEnvironment: 'production' },
    cells: { live: ownOnly, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: ownOnly, verifier: nothing, system: all },
  },
  {
    action: 'secret.write',
    extra: { secretEnvironment: 'development' },
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
  { action: 'audit.read', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all } },
  { action: 'user.manage', cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all } },
  {
    action: 'security.manage',
    cells: { live: nothing, test: nothing, devTest: nothing, readOnly: nothing, rotatedOut: nothing, verifier: nothing, system: all },
  },
];

describe('policy: every action × key kind and the system × own / foreign / no org', () => {
  it('the key table covers every action the policy knows', () => {
    expect(new Set(keyTable.map((row) => row.action))).toEqual(new Set(policyActions));
  });

  for (const row of keyTable) {
    for (const kind of kinds) {
      for (const scope of scopes) {
        const expected = row.cells[kind][scope.index];
        it(`a ${kind} caller ${expected ? 'may' : 'may not'} ${row.action}${row.extra ? ` ${JSON.stringify(row.extra)}` : ''} on a ${scope.name} resource`, () => {
          expect(can(callers[kind], row.action, { partnerId: scope.partnerId, ...row.extra })).toBe(expected);
        });
      }
    }
  }
});

describe('policy: a key can never be given more than its maker can do', () => {
  const grant = (over: Partial<KeyGrant> = {}): KeyGrant => ({
    environment: 'test',
    scopes: ['usage:read'],
    secretEnvironments: null,
    ipAllowlist: [],
    expiresAt: null,
    rateLimitPerMinute: null,
    monthlyQuota: null,
    ...over,
  });
  const org = { keyRateLimitPerMinute: 600, monthlyQuota: 10_000 };
  const write = (actor: Actor, key: KeyGrant) => can(actor, 'key.write', { partnerId: OWN, keyEnvironment: key.environment, key, organization: org });

  it('keys:verify is staff business: no partner user or partner-made key hands it out or rotates it', () => {
    const verifyKey = grant({ scopes: ['keys:verify'] });
    expect(write(actorFor('admin'), verifyKey)).toBe(true);
    expect(write(callers.system, verifyKey)).toBe(true);
    expect(write(actorFor('partner_admin'), verifyKey)).toBe(false);
    expect(write(actorFor('developer'), verifyKey)).toBe(false);
    expect(write(callers.live, verifyKey)).toBe(false);
  });

  it('keys:sync (verifier credentials) is staff business too', () => {
    const syncKey = grant({ scopes: ['keys:sync'] });
    expect(write(actorFor('admin'), syncKey)).toBe(true);
    expect(write(actorFor('partner_admin'), syncKey)).toBe(false);
    expect(write(actorFor('developer'), syncKey)).toBe(false);
    expect(write(callers.live, syncKey)).toBe(false);
  });

  it("a developer's keys read development secrets only; a secrets:read key beyond that is refused", () => {
    expect(write(actorFor('developer'), grant({ scopes: ['secrets:read'], secretEnvironments: ['development'] }))).toBe(true);
    expect(write(actorFor('developer'), grant({ scopes: ['secrets:read'], secretEnvironments: ['staging'] }))).toBe(false);
    expect(write(actorFor('developer'), grant({ scopes: ['secrets:read'] }))).toBe(false);
    // …and the developer's own test key carries that bound into whatever it makes.
    // (A key's maker limits also bound its child: the child asks for at most the maker's 600 a minute.)
    expect(write(callers.devTest, grant({ scopes: ['secrets:read'], secretEnvironments: ['development'], rateLimitPerMinute: 600 }))).toBe(true);
    expect(write(callers.devTest, grant({ scopes: ['secrets:read'], secretEnvironments: ['staging'], rateLimitPerMinute: 600 }))).toBe(false);
  });

  it('a key bounds what it makes: scopes, environment, allowlist, expiry and limits', () => {
    const maker = keyActor({
      made: 'partner_admin',
      environment: 'test',
      scopes: ['keys:write', 'usage:read'],
      ipAllowlist: ['10.0.0.0/8'],
      expiresAt: Date.now() + 86_400_000,
      rateLimitPerMinute: 5,
      monthlyQuota: 10,
      secretEnvironments: ['development'],
    });
    const fits = grant({ ipAllowlist: ['10.1.0.0/16'], expiresAt: Date.now() + 3_600_000, rateLimitPerMinute: 5, monthlyQuota: 10 });
    expect(write(maker, fits)).toBe(true);
    const capability = keyCapability(maker)!;
    expect(Object.keys(keyGrantViolations(capability, { ...fits, scopes: ['secrets:read'] }, org))).toEqual(['scopes', 'secretEnvironments']);
    expect(Object.keys(keyGrantViolations(capability, { ...fits, environment: 'live' }, org))).toEqual(['environment']);
    expect(Object.keys(keyGrantViolations(capability, { ...fits, ipAllowlist: [] }, org))).toEqual(['ipAllowlist']);
    expect(Object.keys(keyGrantViolations(capability, { ...fits, ipAllowlist: ['11.0.0.1'] }, org))).toEqual(['ipAllowlist']);
    expect(Object.keys(keyGrantViolations(capability, { ...fits, expiresAt: null }, org))).toEqual(['expiresAt']);
    expect(Object.keys(keyGrantViolations(capability, { ...fits, rateLimitPerMinute: 1_000_000 }, org))).toEqual(['rateLimitPerMinute']);
    expect(Object.keys(keyGrantViolations(capability, { ...fits, monthlyQuota: 2_000_000_000 }, org))).toEqual(['monthlyQuota']);
  });

  it("nobody, staff included, gives a key more than the organization's limits", () => {
    for (const actor of [actorFor('admin'), actorFor('partner_admin'), callers.system]) {
      expect(write(actor, grant({ rateLimitPerMinute: 601 }))).toBe(false);
      expect(write(actor, grant({ monthlyQuota: 10_001 }))).toBe(false);
      expect(write(actor, grant({ rateLimitPerMinute: 600, monthlyQuota: 10_000 }))).toBe(true);
    }
  });

  it('a rotated-out key, and a key without keys:write, manage nothing', () => {
    expect(keyCapability(callers.rotatedOut)).toBeNull();
    expect(keyCapability(callers.readOnly)).toBeNull();
    expect(() => authorize(callers.rotatedOut, 'key.write', { partnerId: OWN, keyEnvironment: 'test', key: grant() })).toThrow(/rotated out/);
  });

  it("another organization's key is a 404 to a key as to a person", () => {
    expect(() => authorize(callers.live, 'key.write', { partnerId: FOREIGN, keyEnvironment: 'test' })).toThrow(NotFoundError);
    expect(() => authorize(callers.live, 'secret.reveal', { partnerId: FOREIGN, secretEnvironment: 'production' })).toThrow(NotFoundError);
    expect(() => authorize(callers.devTest, 'secret.reveal', { partnerId: OWN, secretEnvironment: 'staging' })).toThrow(ForbiddenError);
  });

  it("a suspended organization's keys write nothing", () => {
    const suspended = keyActor({ made: 'partner_admin', partnerStatus: 'suspended' });
    expect(can(suspended, 'key.write', { partnerId: OWN, keyEnvironment: 'test' })).toBe(false);
    expect(can(suspended, 'usage.read', { partnerId: OWN })).toBe(true);
  });
});
