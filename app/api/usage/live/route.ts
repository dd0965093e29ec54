import { portalAccessMessages, portalAccessProblem } from '@/lib/auth/portal-access';
import { getActor, getSession, sessionStillOpen } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { createLiveStream, liveStillAllowed, resolveLiveScope } from '@/lib/usage/live';

export const dynamic = 'force-dynamic';

/**
 * The live view's Server-Sent Events. `proxy.ts` does not run for `/api/`, so the session is checked
 * here: 401 without one, and the same policy as the pages (a foreign organization is a 404) before a
 * single byte is streamed.
 */
export async function GET(request: Request): Promise<Response> {
  const [actor, session] = await Promise.all([getActor(), getSession()]);
  // The same answer as the pages' gate: an organization awaiting approval (or none) streams nothing.
  const problem = actor && portalAccessProblem(actor);
  if (problem) return Response.json({ error: portalAccessMessages[problem], reason: problem }, { status: 403, headers: { 'cache-control': 'no-store' } });
  let scope;
  try {
    scope = resolveLiveScope(actor, new URL(request.url).searchParams.get('partner'));
  } catch (error) {
    const status = error instanceof AppError ? error.status : 500;
    if (status === 500) console.error('[live] could not authorize', error);
    return Response.json(
      { error: status === 401 ? 'Please sign in.' : status === 404 ? 'Not found.' : 'Not allowed.' },
      { status, headers: { 'cache-control': 'no-store' } },
    );
  }
  const userId = actor!.userId;
  const sessionId = session!.sessionId;
  const stream = createLiveStream(scope, {
    signal: request.signal,
    // Signing out, a revoked session, a disabled account, a removed membership or a new role end the stream within seconds.
    stillAllowed: async () => (await sessionStillOpen({ userId, sessionId })) && liveStillAllowed(userId, scope),
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
