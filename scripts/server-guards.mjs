// What the production server (scripts/serve.mjs) does to a request before Next.js sees it, apart so
// that a test can run it without a build. It mutates `req` ({ method, url, headers }, Node's lowercased
// headers) in place and returns an answer to send instead of calling Next.js, or null.
//
// 1. A method Next.js does not route (TRACE, PROPFIND, PURGE, …) on /api/v1: Next.js answers those
//    itself, with an empty 400 or a 500, before any route handler. It is sent to the route's OPTIONS
//    handler instead, with its method in `x-portal-unsupported-method`, which answers a 405
//    problem+json with the route's `Allow` and a request id (lib/api/define-api-route.ts). A client
//    cannot send that header itself: it is removed from any OPTIONS.
// 2. A server action posted from another origin: Next.js refuses it (CSRF) by throwing, which is a 500
//    with an error digest. The same check is made here first and answers 403. Same-origin posts, and
//    posts without an Origin (not a browser, as Next.js lets through too) go on unchanged. The check is
//    Next.js's own (node_modules/next/dist/server/app-render/action-handler.js): the Origin's host
//    against the first X-Forwarded-Host, else Host. next.config.ts sets no serverActions.allowedOrigins;
//    if it ever does, list them here as well.

export const UNSUPPORTED_METHOD_HEADER = 'x-portal-unsupported-method';

/** The methods Next.js's route modules answer (node_modules/next/dist/server/web/http.js). */
const NEXT_ROUTE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);

const first = (value) => (Array.isArray(value) ? value[0] : value);

function isApiV1(url) {
  return url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?');
}

/** As Next.js tells a possible server action: a POST with a Next-Action header, or a form's content type. */
function isPossibleServerAction(req) {
  if (req.method !== 'POST') return false;
  if (req.headers['next-action'] !== undefined) return true;
  const contentType = first(req.headers['content-type']);
  return contentType === 'application/x-www-form-urlencoded' || (contentType?.startsWith('multipart/form-data') ?? false);
}

/** The host the browser says it posted from: `null` for an opaque origin, undefined when it is not a URL. */
function originHost(origin) {
  if (origin === 'null') return 'null';
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function requestHost(headers) {
  const forwarded = first(headers['x-forwarded-host'])?.split(',')[0]?.trim();
  return forwarded || first(headers.host);
}

const forbiddenAction = {
  status: 403,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: 'Forbidden: this form was posted from another site.\n',
};

/**
 * @param {{ method?: string; url?: string; headers: Record<string, string | string[] | undefined> }} req
 * @returns {{ status: number; headers: Record<string, string>; body: string } | null}
 */
export function guardRequest(req) {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  if (isApiV1(url)) {
    if (method === 'OPTIONS') delete req.headers[UNSUPPORTED_METHOD_HEADER];
    else if (!NEXT_ROUTE_METHODS.has(method)) {
      req.headers[UNSUPPORTED_METHOD_HEADER] = method;
      req.method = 'OPTIONS';
    }
    return null;
  }
  if (url.startsWith('/api/') || !isPossibleServerAction(req)) return null;
  const origin = first(req.headers.origin);
  if (origin === undefined) return null;
  const host = requestHost(req.headers);
  return host && originHost(origin) === host ? null : forbiddenAction;
}

/**
 * The same for a test: takes a plain request, returns what Next.js would then see (`method`,
 * `headers`) or the answer given instead (`respond`).
 */
export function guardIncomingRequest({ method, url, headers }) {
  const req = { method, url, headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) };
  const respond = guardRequest(req);
  return respond ? { respond } : { method: req.method, headers: req.headers };
}
