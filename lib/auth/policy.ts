import { apiScopes, type ApiScope, type KeyEnvironment } from '@/db/schema/api-keys';
import { NotFoundError, ForbiddenError } from '@/lib/errors';
import { isRangeWithin } from '@/lib/net/ip-ranges';
import { STEP_UP_WINDOW_MS } from '@/lib/identity/two-factor-default';
import type { Actor, KeyActor, KeyCeiling, UserActor } from './actor';

/**
 * Every permission in the portal, for every caller (a person, an API key, the system), decided here
 * and nowhere else (README: "Who may do what"). The UI may hide what is refused, but only this module
 * refuses; `/api/v1`, the server actions and the ops scripts all ask it.
 */
export const policyActions = [
  'partner.list', // see every organization
  'partner.create',
  'partner.approve',
  'partner.suspend',
  'partner.read', // an organization's profile
  'partner.update',
  'member.read', // members and invites
  'member.manage', // invite, change role, remove
  'key.read', // key metadata
  'key.write', // create, rotate, revoke (resource.keyEnvironment and resource.key say which)
  'key.verify', // check another organization's key for a service of ours (keys/verify)
  'key.sync', // follow every organization's keys as an embedded verifier (verifier/snapshot, changes, usage, leases)
  'usage.read', // usage and request logs
  'catalog.read',
  'catalog.write',
  'doc.read',
  'doc.write', // write and publish
  'secret.read', // names and metadata
  'secret.reveal', // a value: reveal, export, pull, compare in an import preview (resource.secretEnvironment)
  'secret.write', // create, change, delete (resource.secretEnvironment says which)
  'audit.read',
  'user.manage', // disable and enable user accounts
  'security.manage', // two-factor and sign-in policies (resource.partnerId null: the portal's own, for staff)
] as const;
export type PolicyAction = (typeof policyActions)[number];

/** What a key may do, or would be able to do once made: its settings as the guard applies them. */
export interface KeyGrant {
  environment: KeyEnvironment;
  scopes: readonly ApiScope[];
  /** Null: every secret environment its key environment allows. */
  secretEnvironments: readonly string[] | null;
  /** Empty: any address. */
  ipAllowlist: readonly string[];
  /** Epoch ms; null: never expires. */
  expiresAt: number | null;
  /** Null: the organization's ceiling. */
  rateLimitPerMinute: number | null;
  /** Null: only the organization's quota applies. */
  monthlyQuota: number | null;
}

/** The organization's own limits, set by staff. */
export interface OrganizationLimits {
  keyRateLimitPerMinute: number;
  monthlyQuota: number;
}

export interface PolicyResource {
  /** The organization the resource belongs to; null for what belongs to nobody (the catalog, global docs). */
  partnerId: string | null;
  /** For keys: which environment the key is for. */
  keyEnvironment?: KeyEnvironment;
  /**
   * For key.write on a key being made, rotated or revoked: everything it can do. The caller must be
   * able to do all of it (nobody makes or rotates a key that can do more than they can).
   */
  key?: KeyGrant;
  /** With `key`: the organization's limits, which no key may exceed. */
  organization?: OrganizationLimits;
  /** For secrets: the environment's slug. */
  secretEnvironment?: string;
  /** For docs: whether it is published. */
  published?: boolean;
}

/**
 * Actions that change something (and reading a secret's value, which a suspended organization's users
 * could not do before either); a pending or suspended organization's callers may only read.
 */
const writeActions = new Set<PolicyAction>([
  'secret.reveal',
  'user.manage',
  'partner.create',
  'partner.approve',
  'partner.suspend',
  'partner.update',
  'member.manage',
  'key.write',
  'catalog.write',
  'doc.write',
  'secret.write',
  'security.manage',
]);

export function isWriteAction(action: PolicyAction): boolean {
  return writeActions.has(action);
}

type Rule = (resource: PolicyResource) => boolean;
const always: Rule = () => true;

const adminRules: Record<PolicyAction, Rule> = Object.fromEntries(policyActions.map((a) => [a, always])) as Record<PolicyAction, Rule>;

const supportRules: Partial<Record<PolicyAction, Rule>> = {
  'partner.list': always,
  'partner.read': always,
  'member.read': always,
  'key.read': always,
  'usage.read': always,
  'catalog.read': always,
  'doc.read': always,
  'secret.read': always,
  'audit.read': always,
};

// Partner rules only ever see resources of the actor's own organization (or global ones where noted).
const partnerAdminRules: Partial<Record<PolicyAction, Rule>> = {
  'partner.read': always,
  'partner.update': always,
  'member.read': always,
  'member.manage': always,
  'key.read': always,
  'key.write': always,
  'usage.read': always,
  'secret.read': always,
  'secret.reveal': always,
  'secret.write': always,
  'audit.read': always,
  'security.manage': always,
};

const developerRules: Partial<Record<PolicyAction, Rule>> = {
  'partner.read': always,
  'member.read': always,
  'key.read': always,
  'key.write': (r) => r.keyEnvironment === 'test',
  'usage.read': always,
  'secret.read': always,
  'secret.reveal': (r) => r.secretEnvironment === 'development',
  'secret.write': (r) => r.secretEnvironment === 'development',
};

// What partner users may see that belongs to no organization.
const globalPartnerRules: Partial<Record<PolicyAction, Rule>> = {
  'catalog.read': always,
  'doc.read': (r) => r.published === true,
};

/**
 * Scopes a partner may hand out: `keys:verify` checks other organizations' keys and `keys:sync` copies
 * them (hashes) into an embedded verifier: staff business only.
 */
export const staffOnlyScopes: readonly ApiScope[] = ['keys:verify', 'keys:sync'];
const partnerScopes = apiScopes.filter((s) => !staffOnlyScopes.includes(s));
const unbounded = { secretEnvironments: null, ipAllowlist: null, expiresAt: null, rateLimitPerMinute: null, monthlyQuota: null } as const;

/**
 * What the actor could give a key it makes or rotates right now: the ceiling a key made by it gets.
 * Null when it may not manage keys at all.
 */
export function keyCapability(actor: Actor): KeyCeiling | null {
  switch (actor.kind) {
    case 'system':
      return { origin: 'system', keyEnvironments: ['test', 'live'], scopes: [...apiScopes], ...unbounded };
    case 'user': {
      if (actor.staffRole === 'admin') return { origin: 'staff', keyEnvironments: ['test', 'live'], scopes: [...apiScopes], ...unbounded };
      const membership = actor.membership;
      if (actor.staffRole || !membership || membership.partnerStatus !== 'active') return null;
      if (membership.role === 'partner_admin') return { origin: 'partner_admin', keyEnvironments: ['test', 'live'], scopes: partnerScopes, ...unbounded };
      return { origin: 'developer', keyEnvironments: ['test'], scopes: partnerScopes, ...unbounded, secretEnvironments: ['development'] };
    }
    case 'key': {
      // A key rotated out still calls during its grace period, but manages nothing.
      if (actor.rotatedAt !== null || actor.partnerStatus !== 'active' || !actor.scopes.includes('keys:write')) return null;
      return {
        origin: 'key',
        keyEnvironments: actor.environment === 'test' ? ['test'] : actor.ceiling.keyEnvironments,
        scopes: actor.scopes,
        secretEnvironments: actor.secretEnvironments,
        ipAllowlist: actor.ipAllowlist.length > 0 ? actor.ipAllowlist : actor.ceiling.ipAllowlist,
        expiresAt: actor.expiresAt,
        rateLimitPerMinute: actor.rateLimitPerMinute,
        monthlyQuota: actor.monthlyQuota ?? actor.ceiling.monthlyQuota,
      };
    }
  }
}

/** A test key never reads production; otherwise the key's (or ceiling's) list decides. */
function secretEnvironmentsOf(grant: Pick<KeyGrant, 'environment' | 'secretEnvironments'>): (slug: string) => boolean {
  return (slug) => !(grant.environment === 'test' && slug === 'production') && (grant.secretEnvironments === null || grant.secretEnvironments.includes(slug));
}

const formatLimit = (n: number) => n.toLocaleString('en-US');

/**
 * Why `grant` does not fit in what `capability` allows and in the organization's limits, per field
 * (the names of the create form and `POST /keys`' body). Empty when it fits.
 */
export function keyGrantViolations(capability: KeyCeiling, grant: KeyGrant, organization?: OrganizationLimits): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (!capability.keyEnvironments.includes(grant.environment)) add('environment', `You cannot manage ${grant.environment} keys`);
  const beyond = grant.scopes.filter((s) => !capability.scopes.includes(s));
  if (beyond.length) add('scopes', `Not grantable: ${beyond.join(', ')}`);
  if (grant.scopes.includes('secrets:read') && capability.secretEnvironments !== null) {
    const allowed = capability.secretEnvironments;
    if (grant.secretEnvironments === null) add('secretEnvironments', `Limit the key to ${allowed.join(', ') || 'no'} secret environments`);
    else {
      const extra = grant.secretEnvironments.filter((e) => !allowed.includes(e));
      if (extra.length) add('secretEnvironments', `Not readable by you: ${extra.join(', ')}`);
    }
  }
  if (capability.ipAllowlist !== null && capability.ipAllowlist.length > 0) {
    if (grant.ipAllowlist.length === 0) add('ipAllowlist', `The key must be limited to addresses within ${capability.ipAllowlist.join(', ')}`);
    else {
      const outside = grant.ipAllowlist.filter((entry) => !isRangeWithin(entry, capability.ipAllowlist!));
      if (outside.length) add('ipAllowlist', `Outside your own allowlist: ${outside.join(', ')}`);
    }
  }
  if (capability.expiresAt !== null && (grant.expiresAt === null || grant.expiresAt > capability.expiresAt)) {
    add('expiresAt', `The key must expire by ${new Date(capability.expiresAt).toISOString()}`);
  }
  const rateCeiling = Math.min(capability.rateLimitPerMinute ?? Infinity, organization?.keyRateLimitPerMinute ?? Infinity);
  if (Number.isFinite(rateCeiling) && capability.rateLimitPerMinute !== null && grant.rateLimitPerMinute === null) {
    add('rateLimitPerMinute', `Set a rate limit of at most ${formatLimit(rateCeiling)} a minute`);
  } else if (grant.rateLimitPerMinute !== null && grant.rateLimitPerMinute > rateCeiling) {
    const whose = organization && rateCeiling === organization.keyRateLimitPerMinute ? "the organization's ceiling" : 'your own limit';
    add('rateLimitPerMinute', `At most ${formatLimit(rateCeiling)} a minute (${whose})`);
  }
  const quotaCeiling = Math.min(capability.monthlyQuota ?? Infinity, organization?.monthlyQuota ?? Infinity);
  if (capability.monthlyQuota !== null && grant.monthlyQuota === null) {
    add('monthlyQuota', `Set a monthly quota of at most ${formatLimit(quotaCeiling)}`);
  } else if (grant.monthlyQuota !== null && grant.monthlyQuota > quotaCeiling) {
    const whose = organization && quotaCeiling === organization.monthlyQuota ? "the organization's monthly quota" : 'your own quota';
    add('monthlyQuota', `At most ${formatLimit(quotaCeiling)} a month (${whose})`);
  }
  return errors;
}

/** What an API key's scopes let it do, besides key management (decided with the capability above). */
const keyScopeActions: Partial<Record<PolicyAction, ApiScope>> = {
  'key.read': 'keys:write',
  'usage.read': 'usage:read',
  'catalog.read': 'catalog:read',
  'doc.read': 'docs:read',
  'secret.read': 'secrets:read',
  'secret.reveal': 'secrets:read',
  'key.verify': 'keys:verify',
  'key.sync': 'keys:sync',
};

function keyMay(actor: KeyActor, action: PolicyAction, resource: PolicyResource): boolean {
  if (isWriteAction(action) && actor.partnerStatus !== 'active') return false;
  // keys/verify answers about keys of every organization: that is what the scope is for.
  if (action === 'key.verify' || action === 'key.sync') {
    const scope = keyScopeActions[action]!;
    return actor.scopes.includes(scope) && actor.ceiling.scopes.includes(scope);
  }
  if (resource.partnerId !== null && resource.partnerId !== actor.partnerId) return false;
  if (action === 'partner.read') return resource.partnerId === actor.partnerId;
  if (action === 'key.write') return resource.partnerId === actor.partnerId && keyWriteAllowed(actor, resource);
  const scope = keyScopeActions[action];
  if (!scope || !actor.scopes.includes(scope)) return false;
  if (resource.partnerId === null) return action === 'catalog.read' || (action === 'doc.read' && resource.published === true);
  if (action === 'doc.read') return resource.published === true;
  if (action === 'secret.reveal') return resource.secretEnvironment !== undefined && secretEnvironmentsOf(actor)(resource.secretEnvironment);
  return true;
}

function keyWriteAllowed(actor: Actor, resource: PolicyResource): boolean {
  const capability = keyCapability(actor);
  if (!capability) return false;
  if (resource.keyEnvironment && !capability.keyEnvironments.includes(resource.keyEnvironment)) return false;
  return !resource.key || Object.keys(keyGrantViolations(capability, resource.key, resource.organization)).length === 0;
}

function userMay(actor: UserActor, action: PolicyAction, resource: PolicyResource): boolean {
  if (actor.staffRole === 'admin') return adminRules[action](resource) && (action !== 'key.write' || keyWriteAllowed(actor, resource));
  if (actor.staffRole === 'support') return supportRules[action]?.(resource) ?? false;

  const membership = actor.membership;
  if (!membership) return false;
  if (isWriteAction(action) && membership.partnerStatus !== 'active') return false;

  if (resource.partnerId === null) return globalPartnerRules[action]?.(resource) ?? false;
  if (resource.partnerId !== membership.partnerId) return false;

  const rules = membership.role === 'partner_admin' ? partnerAdminRules : developerRules;
  // Published docs written for the actor's own organization read like global ones.
  const rule = rules[action] ?? globalPartnerRules[action];
  if (!(rule?.(resource) ?? false)) return false;
  return action !== 'key.write' || keyWriteAllowed(actor, resource);
}

export function can(actor: Actor | null, action: PolicyAction, resource: PolicyResource): boolean {
  if (!actor) return false;
  switch (actor.kind) {
    case 'system':
      // The system may do anything, but even it gives no key more than the organization's limits.
      return action !== 'key.write' || keyWriteAllowed(actor, resource);
    case 'key':
      return keyMay(actor, action, resource);
    case 'user':
      return userMay(actor, action, resource);
  }
}

/** The organization the actor belongs to; null for staff and the system, who belong to all. */
export function actorPartnerId(actor: Actor): string | null {
  if (actor.kind === 'key') return actor.partnerId;
  if (actor.kind === 'system' || actor.staffRole) return null;
  return actor.membership?.partnerId ?? null;
}

/** A resource in an organization the actor does not belong to (staff and the system belong to all). */
export function isForeignResource(actor: Actor, resource: PolicyResource): boolean {
  if (actor.kind === 'system' || (actor.kind === 'user' && actor.staffRole)) return false;
  if (actor.kind === 'user' && !actor.membership) return resource.partnerId !== null;
  return resource.partnerId !== null && resource.partnerId !== actorPartnerId(actor);
}

/**
 * Throws unless allowed. A foreign organization's resource is a 404, not a 403, so that its existence
 * does not leak; so is an unpublished doc to someone who may not read drafts. A key that would exceed
 * the caller's own powers or the organization's limits is refused with the fields that do.
 */
export function authorize(actor: Actor, action: PolicyAction, resource: PolicyResource): void {
  if (can(actor, action, resource)) return;
  if (isForeignResource(actor, resource)) throw new NotFoundError();
  if (action === 'doc.read') throw new NotFoundError();
  if (action === 'key.write' && resource.key) {
    const capability = keyCapability(actor);
    const violations = capability ? keyGrantViolations(capability, resource.key, resource.organization) : {};
    if (Object.keys(violations).length > 0) throw new ForbiddenError(keyRefusalMessage(actor, violations), violations);
  }
  if (action === 'key.write' && actor.kind === 'key' && actor.rotatedAt !== null) {
    throw new ForbiddenError('This key was rotated out: it keeps working until its grace period ends, but cannot manage keys.');
  }
  throw new ForbiddenError();
}

/**
 * What a person must confirm with a fresh second factor (given in this session within the last 10 minutes)
 * when they have one: a production secret's value, a live key made, rotated or revoked, members changed, and
 * security policies. Keys (the API) are never asked: they are the machine identity.
 */
export function needsFreshSecondFactor(action: PolicyAction, resource: PolicyResource): boolean {
  switch (action) {
    case 'secret.reveal':
      return resource.secretEnvironment === 'production';
    case 'key.write':
      return resource.keyEnvironment === 'live';
    case 'member.manage':
    case 'security.manage':
      return true;
    default:
      return false;
  }
}

/** Whether the actor must first confirm it's them (see `needsFreshSecondFactor`): only people with a factor. */
export function stepUpRequired(actor: Actor, action: PolicyAction, resource: PolicyResource, now = Date.now()): boolean {
  if (actor.kind !== 'user' || !actor.secondFactor?.enrolled || !needsFreshSecondFactor(action, resource)) return false;
  const at = actor.secondFactor.verifiedAt;
  return !at || now - at.getTime() > STEP_UP_WINDOW_MS;
}

function keyRefusalMessage(actor: Actor, violations: Record<string, string[]>): string {
  const who = actor.kind === 'key' ? 'this key' : 'you';
  return `The key would be allowed more than ${who} or the organization allow: ${Object.values(violations).flat().join('; ')}.`;
}

// ---- The guard's questions about the calling key (no I/O, no allocation on the happy path) ----

export type KeyAdmissionFailure = 'organization_inactive' | 'ip_not_allowed' | 'insufficient_scope';

/**
 * Whether a valid (not revoked, not expired) key may make this call: its organization is active, the
 * caller's address is allowed (`ipAllowed` from the key's compiled allowlist) and it has the route's scope.
 */
export function keyAdmission(actor: KeyActor, ipAllowed: boolean, scope: ApiScope | null): KeyAdmissionFailure | null {
  if (actor.partnerStatus !== 'active') return 'organization_inactive';
  if (!ipAllowed) return 'ip_not_allowed';
  if (scope !== null && !actor.scopes.includes(scope)) return 'insufficient_scope';
  return null;
}

/** The secret environments a key may pull, for the key page ("which secret environments a key may pull"). */
export function keyMayRevealEnvironment(actor: KeyActor, slug: string): boolean {
  return can(actor, 'secret.reveal', { partnerId: actor.partnerId, secretEnvironment: slug });
}

/** The key environments a person may create keys in (the "Create key" button and the form's choices). */
export function creatableKeyEnvironments(actor: UserActor): KeyEnvironment[] {
  const capability = keyCapability(actor);
  if (!capability) return [];
  const partnerId = actorPartnerId(actor);
  return capability.keyEnvironments.filter((keyEnvironment) => can(actor, 'key.write', { partnerId, keyEnvironment }));
}
