import 'server-only';
import { redirect } from 'next/navigation';
import type { UserActor } from './actor';
import { getActor } from './session';

/** Why a signed-in user may not use the portal yet: their organization awaits approval, or they have none. */
export type PortalAccessProblem = 'pending' | 'no-organization';

export const portalAccessMessages: Record<PortalAccessProblem, string> = {
  pending: 'Your organization awaits approval.',
  'no-organization': 'You are not a member of any organization.',
};

/** The one rule, for pages (redirects) and route handlers (403) alike. Staff always pass; suspended organizations pass (read-only). */
export function portalAccessProblem(actor: UserActor): PortalAccessProblem | null {
  if (actor.staffRole) return null;
  if (!actor.membership) return 'no-organization';
  if (actor.membership.partnerStatus === 'pending') return 'pending';
  return null;
}

/**
 * The one gate of every portal page (and of the portal layout): signed out → /login, an organization
 * still awaiting approval → /pending, no staff role and no organization → /no-organization.
 * Suspended organizations pass: the policy keeps them read-only and the shell says so.
 * Route handlers use `portalAccessProblem` and answer 403 with the same reason.
 */
export async function requirePortalActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  const problem = portalAccessProblem(actor);
  if (problem) redirect(`/${problem}`);
  return actor;
}
