import 'server-only';
import { redirect } from 'next/navigation';
import type { UserActor } from './actor';
import { getActor } from './session';

/**
 * The one gate of every portal page (and of the portal layout): signed out → /login, an organization
 * still awaiting approval → /pending, no staff role and no organization → /no-organization.
 * Suspended organizations pass: the policy keeps them read-only and the shell says so.
 */
export async function requirePortalActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (!actor.staffRole) {
    if (!actor.membership) redirect('/no-organization');
    if (actor.membership.partnerStatus === 'pending') redirect('/pending');
  }
  return actor;
}
