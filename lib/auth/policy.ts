import { NotFoundError, ForbiddenError } from '@/lib/errors';
import type { Actor } from './actor';

/**
 * Every permission in the portal, decided here and nowhere else (DESIGN.md §3).
 * The UI may hide what is refused, but only this module refuses.
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
  'key.write', // create, rotate, revoke (resource.keyEnvironment says which)
  'usage.read', // usage and request logs
  'catalog.read',
  'catalog.write',
  'doc.read',
  'doc.write', // write and publish
  'secret.read', // names and metadata
  'secret.write', // reveal value, write (resource.secretEnvironment says which)
  'audit.read',
  'user.manage', // disable and enable user accounts
] as const;
export type PolicyAction = (typeof policyActions)[number];

export interface PolicyResource {
  /** The organization the resource belongs to; null for what belongs to nobody (the catalog, global docs). */
  partnerId: string | null;
  /** For keys: which environment the key is for. */
  keyEnvironment?: 'test' | 'live';
  /** For secrets: the environment's slug. */
  secretEnvironment?: string;
  /** For docs: whether it is published. */
  published?: boolean;
}

/** Actions that change something; a pending or suspended organization's users may only read. */
const writeActions = new Set<PolicyAction>([
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
  'secret.write': always,
  'audit.read': always,
};

const developerRules: Partial<Record<PolicyAction, Rule>> = {
  'partner.read': always,
  'member.read': always,
  'key.read': always,
  'key.write': (r) => r.keyEnvironment === 'test',
  'usage.read': always,
  'secret.read': always,
  'secret.write': (r) => r.secretEnvironment === 'development',
};

// What partner users may see that belongs to no organization.
const globalPartnerRules: Partial<Record<PolicyAction, Rule>> = {
  'catalog.read': always,
  'doc.read': (r) => r.published === true,
};

export function can(actor: Actor | null, action: PolicyAction, resource: PolicyResource): boolean {
  if (!actor) return false;
  if (actor.staffRole === 'admin') return adminRules[action](resource);
  if (actor.staffRole === 'support') return supportRules[action]?.(resource) ?? false;

  const membership = actor.membership;
  if (!membership) return false;
  if (isWriteAction(action) && membership.partnerStatus !== 'active') return false;

  if (resource.partnerId === null) return globalPartnerRules[action]?.(resource) ?? false;
  if (resource.partnerId !== membership.partnerId) return false;

  const rules = membership.role === 'partner_admin' ? partnerAdminRules : developerRules;
  // Published docs written for the actor's own organization read like global ones.
  const rule = rules[action] ?? globalPartnerRules[action];
  return rule?.(resource) ?? false;
}

/** A resource in an organization the actor does not belong to (staff belong to all). */
export function isForeignResource(actor: Actor, resource: PolicyResource): boolean {
  if (actor.staffRole) return false;
  return resource.partnerId !== null && resource.partnerId !== actor.membership?.partnerId;
}

/**
 * Throws unless allowed. A foreign organization's resource is a 404, not a 403, so that
 * its existence does not leak; so is an unpublished doc to someone who may not read drafts.
 */
export function authorize(actor: Actor, action: PolicyAction, resource: PolicyResource): void {
  if (can(actor, action, resource)) return;
  if (isForeignResource(actor, resource)) throw new NotFoundError();
  if (action === 'doc.read') throw new NotFoundError();
  throw new ForbiddenError();
}
