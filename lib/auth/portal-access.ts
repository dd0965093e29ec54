import type { UserActor } from './actor';

/** Why a signed-in user may not use the portal yet: their organization awaits approval, or they have none. */
export type PortalAccessProblem = 'pending' | 'no-organization';

export const portalAccessMessages: Record<PortalAccessProblem, string> = {
  pending: 'Your organization awaits approval.',
  'no-organization': 'You are not a member of any organization.',
};

/**
 * The one rule, for pages (`requirePortalActor` redirects to /pending or /no-organization) and route
 * handlers (403 with the same reason) alike. Staff always pass; suspended organizations pass (read-only).
 */
export function portalAccessProblem(actor: UserActor): PortalAccessProblem | null {
  if (actor.staffRole) return null;
  if (!actor.membership) return 'no-organization';
  if (actor.membership.partnerStatus === 'pending') return 'pending';
  return null;
}
