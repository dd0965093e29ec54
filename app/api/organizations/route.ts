import { portalAccessMessages, portalAccessProblem } from '@/lib/auth/portal-access';
import { getActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { organizationNames, searchOrganizations } from '@/lib/partners/search-organizations';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };

/**
 * The staff organization pickers' search (`?q=`: name or slug, at most 20) and the live view's names
 * (`?id=…&id=…`). `proxy.ts` does not run for `/api/`, so the session is checked here; the policy
 * (`partner.list`) refuses everyone but staff.
 */
export async function GET(request: Request): Promise<Response> {
  const actor = await getActor();
  if (!actor) return Response.json({ error: 'Please sign in.' }, { status: 401, headers: noStore });
  const problem = portalAccessProblem(actor);
  if (problem) return Response.json({ error: portalAccessMessages[problem], reason: problem }, { status: 403, headers: noStore });
  const params = new URL(request.url).searchParams;
  try {
    const ids = params.getAll('id');
    if (ids.length > 0) return Response.json({ organizations: await organizationNames(actor, ids) }, { headers: noStore });
    return Response.json(await searchOrganizations(actor, params.get('q') ?? ''), { headers: noStore });
  } catch (error) {
    if (error instanceof AppError)
      return Response.json({ error: error.status === 404 ? 'Not found.' : 'Not allowed.' }, { status: error.status, headers: noStore });
    throw error;
  }
}
