import 'server-only';
import { redirect } from 'next/navigation';
import type { UserActor } from './actor';
import { portalAccessProblem } from './portal-access';
import { getActor, sessionStepPath } from './session';

/**
 * The one gate of every portal page (and of the portal layout): signed out → /login, a session still owing its second factor (or its enrolment) → /two-factor(/enrol), an organization
 * still awaiting approval → /pending, no staff role and no organization → /no-organization.
 * Suspended organizations pass: the policy keeps them read-only and the shell says so.
 * Route handlers use `portalAccessProblem` and answer 403 with the same reason.
 */
export async function requirePortalActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect((await sessionStepPath()) ?? '/login');
  const problem = portalAccessProblem(actor);
  if (problem) redirect(`/${problem}`);
  return actor;
}
