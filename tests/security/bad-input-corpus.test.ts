import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { partners } from '@/db/schema';
import { API_ROUTE, type ApiRouteHandler } from '@/lib/api/define-api-route';
import type { AnyApiRouteSpec } from '@/lib/api/api-route-spec';
import { auditSortColumns, exportAuditLogs, listAuditLogs } from '@/lib/audit/list-audit-logs';
import { parseAuditFilters } from '@/lib/audit/audit-filters';
import { alertKinds, alertSortColumns, alertStates, listAlerts } from '@/lib/alerts/list-alerts';
import { findOrganization, firstParam, narrowTenant, type Tenant, tenantOf } from '@/lib/auth/tenant';
import { listCatalog } from '@/lib/catalog/list-catalog';
import { docSortColumns, docStates, getDocForEditing, listDocsForManagement } from '@/lib/docs/manage-docs';
import { getReadableDoc, listReadableDocs } from '@/lib/docs/read-docs';
import { searchDocs } from '@/lib/docs/search-docs';
import { AppError } from '@/lib/errors';
import { actionSpecs } from '@/lib/actions/action-registry';
import { performAction } from '@/lib/actions/execute-action';
import { keyStatuses } from '@/lib/keys/key-status';
import { keySortColumns, listKeys } from '@/lib/keys/list-keys';
import { listPartners, partnerSortColumns } from '@/lib/partners/list-partners';
import { getSecretDetail, listAccessLogs, listSecrets, secretSortColumns } from '@/lib/secrets/list-secrets';
import { listEnvironments } from '@/lib/secrets/environments';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';
import { usageDashboardData } from '@/lib/usage/analytics';
import { parsePageRange } from '@/lib/usage/analytics/range';
import { liveScope } from '@/lib/usage/live';
import { getRequestLog, listRequestLogs, parseRequestFilters, requestSortColumns } from '@/lib/usage/request-explorer';
import { listUsers, userSortColumns } from '@/lib/users/list-users';
import { guardIncomingRequest } from '@/scripts/server-guards.mjs';
import { notFound } from 'next/navigation';
import { findApiOrNotFound, findEndpointOrNotFound } from '@/app/(portal)/catalog/catalog-lookup';
import { getKeyDetail } from '@/lib/keys/get-key-detail';
import { getOrganizationOverview } from '@/lib/partners/get-organization-overview';
import { isStorableText } from '@/lib/validation/storable';
import { createCast, createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

/**
 * Issue 12 item 4: bad input is a 4xx (or an ignored filter), never a 500. Every /api/v1 route and
 * every portal list page's filter functions get NUL and control characters, lone surrogates, huge
 * numbers, impossible dates, 1 MB strings and every HTTP method.
 */

const MB = 'x'.repeat(1024 * 1024);
const corpusText = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0008\u001b[31m\u007f',
  '\r\n\t',
  '\ud800',
  'x\udc00y',
  '\ufffe\uffff',
  '1e309',
  '9007199254740993',
  '-0',
  'NaN',
  '-Infinity',
  '8.64e15',
  '0000-01-01',
  '+099999-01-01',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
  '2024-02-30',
  '9999-12-31T23:59:60Z',
  '%00',
  "'; select pg_sleep(1); --",
  '../../etc/passwd',
  MB,
];
const corpusJson: unknown[] = [...corpusText, 8.64e15, -8.64e15, 1e308, -0, 9007199254740993, -1, 1.5, true, null, [], {}, ['\u0000'], { a: '\u0000' }];
/** Bodies that are not JSON of an object, as the raw text sent. */
const rawBodies = [
  '\u0000',
  '{"a":"\\u0000"}',
  '{"name":"\\ud800"}',
  '{"a":1e309}',
  '[',
  '"x"',
  '9007199254740993',
  `{"name":"${MB}"}`,
  '{"__proto__":{"x":1}}',
];

const NEXT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];
const ALL_METHODS = [...NEXT_METHODS, 'TRACE', 'PROPFIND', 'PURGE'];
const STACK_TRACE = /\n\s+at |\/work\/|node_modules|\.tsx?:\d+|\.m?js:\d+|webpack-internal|turbopack/;

// ---------------------------------------------------------------------------------------------------
// The /api/v1 route files, loaded the way Next.js resolves them.

const v1 = path.join(process.cwd(), 'app', 'api', 'v1');
function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

interface RouteFile {
  file: string;
  /** Path segments below /api/v1, `[id]` etc. kept as they are. */
  segments: string[];
  mod: Record<string, ApiRouteHandler | undefined>;
}

/** As a client sends it: a lone surrogate cannot be UTF-8, so it goes as the bytes of one (Next cannot decode them). */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function urlFor(route: RouteFile, dynamicValue: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const parts = route.segments.flatMap((segment) => {
    const catchAll = /^\[\.\.\.(\w+)\]$/.exec(segment);
    if (catchAll) {
      params[catchAll[1]!] = ['no-such', dynamicValue];
      return ['no-such', encodeSegment(dynamicValue)];
    }
    const dynamic = /^\[(\w+)\]$/.exec(segment);
    if (dynamic) {
      params[dynamic[1]!] = dynamicValue;
      return [encodeSegment(dynamicValue)];
    }
    return [segment];
  });
  return { url: `http://portal.test/api/v1/${parts.join('/')}`, params };
}

/** Next's own answer for a method a route module does not export (node_modules/next/…/auto-implement-methods.js). */
type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;

function nextAutoImplemented(mod: RouteFile['mod'], method: string): Handler {
  if (mod[method]) return mod[method];
  if (method === 'HEAD' && mod.GET) return mod.GET;
  if (method === 'OPTIONS') {
    const allow = ['OPTIONS', ...NEXT_METHODS.filter((m) => mod[m])];
    return () => new Response(null, { status: 204, headers: { allow: allow.sort().join(', ') } });
  }
  return () => new Response(null, { status: 405 });
}

interface Answer {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

let apiKey: string;
/** How many requests the corpus sent: a guard against a corpus that silently shrank. */
let sent = 0;

/** One request as it travels under `npm start`: scripts/serve.mjs's guards, then Next.js's route module. */
async function send(
  route: RouteFile,
  method: string,
  target: { url: string; params: Record<string, string | string[]> },
  body?: string,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    host: 'portal.test',
    authorization: `Bearer ${apiKey}`,
    'x-forwarded-for': '198.51.100.77',
    'user-agent': 'bad-input-corpus',
    ...extraHeaders,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  sent += 1;
  const requestPath = target.url.slice('http://portal.test'.length);
  const guarded = guardIncomingRequest({ method, url: requestPath, headers });
  if (guarded.respond) {
    const { status, headers: answerHeaders, body: answerBody } = guarded.respond;
    return { method, url: target.url, status, headers: new Headers(answerHeaders), text: answerBody ?? '' };
  }
  const effectiveMethod = guarded.method ?? method;
  // Next.js answers a method outside its list itself (app-route/module.js resolveHandler: 400, empty;
  // undici even refuses to build a TRACE Request).
  if (!NEXT_METHODS.includes(effectiveMethod)) return { method, url: target.url, status: 400, headers: new Headers(), text: '' };
  const handler = nextAutoImplemented(route.mod, effectiveMethod);
  const request = new Request(target.url, {
    method: effectiveMethod,
    headers: guarded.headers ?? headers,
    body: effectiveMethod === 'GET' || effectiveMethod === 'HEAD' ? undefined : body,
  });
  const response = await handler(request, { params: Promise.resolve(target.params) });
  // Next strips a HEAD answer's body.
  const text = effectiveMethod === 'HEAD' ? '' : await response.text();
  return { method, url: target.url, status: response.status, headers: response.headers, text };
}

function problems(answer: Answer): string[] {
  const found: string[] = [];
  const where = `${answer.method} ${answer.url.slice(0, 160)}`;
  if (answer.status === 429) found.push(`${where}: 429, the corpus did not reach validation`);
  if (answer.status >= 500) found.push(`${where}: ${answer.status} ${answer.text.slice(0, 200)}`);
  if (STACK_TRACE.test(answer.text)) found.push(`${where}: stack trace or file path in the body: ${answer.text.slice(0, 200)}`);
  const requestId = answer.headers.get('x-request-id');
  if (!requestId?.startsWith('req_')) found.push(`${where}: ${answer.status} without an X-Request-Id`);
  if (answer.status >= 400) {
    if (answer.method !== 'HEAD') {
      // GraphQL answers a request the guard admitted in GraphQL's own error format (the guard's refusals stay problems).
      const contentType = answer.headers.get('content-type') ?? '';
      if (new URL(answer.url).pathname === '/api/v1/graphql' && /^application\/(graphql-response\+)?json/.test(contentType)) {
        const body = JSON.parse(answer.text) as { errors?: unknown[] } | unknown[];
        const errors = Array.isArray(body) ? body.flatMap((r) => (r as { errors?: unknown[] }).errors ?? []) : body.errors;
        if (!errors?.length) found.push(`${where}: ${answer.status} GraphQL answer without errors`);
      } else if (contentType !== 'application/problem+json') found.push(`${where}: ${answer.status} is not problem+json`);
      else {
        const body = JSON.parse(answer.text) as { requestId?: string; status?: number };
        if (body.requestId !== requestId || body.status !== answer.status) found.push(`${where}: problem without its request id or status`);
      }
    }
    if (answer.status === 405 && !answer.headers.get('allow')) found.push(`${where}: 405 without Allow`);
  }
  if (answer.method === 'OPTIONS' && answer.status < 300 && !answer.headers.get('allow')) found.push(`${where}: OPTIONS without Allow`);
  return found;
}

const routes: RouteFile[] = [];
const loggedErrors: string[] = [];
let consoleSpy: ReturnType<typeof vi.spyOn> | undefined;

beforeAll(async () => {
  const org = await createOrg({ name: 'Corpus Co' });
  // The organization's ceiling (600 a minute by default) would turn most of the corpus into 429s.
  await db.update(partners).set({ keyRateLimitPerMinute: 1_000_000, monthlyQuota: 2_000_000_000 }).where(eq(partners.id, org.id));
  // Every scope and a limit the corpus does not reach, so that each request gets to validation and the database.
  const issued = await issueKey(org.id, {
    scopes: ['catalog:read', 'docs:read', 'usage:read', 'secrets:read', 'keys:write', 'keys:verify'],
    rateLimitPerMinute: 1_000_000,
  });
  apiKey = issued.secret;
  for (const file of routeFiles(v1)) {
    const segments = path.relative(v1, path.dirname(file)).split(path.sep).filter(Boolean);
    routes.push({ file, segments, mod: (await import(/* @vite-ignore */ file)) as RouteFile['mod'] });
  }
  // An internal error is logged by the route wrapper: the corpus must log none.
  consoleSpy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    loggedErrors.push(args.map(String).join(' ').slice(0, 300));
  });
});

afterAll(() => consoleSpy?.mockRestore());

function specsOf(route: RouteFile): AnyApiRouteSpec[] {
  const specs = new Set<AnyApiRouteSpec>();
  for (const method of NEXT_METHODS) {
    const spec = route.mod[method]?.[API_ROUTE];
    if (spec && spec !== 'fallback') specs.add(spec);
  }
  return [...specs];
}

function shapeKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

describe('/api/v1 under a corpus of bad input', () => {
  it('finds the route files', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
  });

  it('answers every HTTP method on every route with problem+json (or 2xx), a request id and an Allow for 405', async () => {
    const found: string[] = [];
    for (const route of routes) {
      for (const method of ALL_METHODS) {
        const answer = await send(route, method, urlFor(route, 'corpus'), method === 'GET' || method === 'HEAD' ? undefined : '{}');
        found.push(...problems(answer));
        if (method === 'OPTIONS' && answer.status < 300) {
          const allow = answer.headers.get('allow')!.split(/,\s*/);
          for (const spec of specsOf(route)) expect(allow, route.file).toContain(spec.method);
        }
      }
    }
    expect(found.slice(0, 40), `${found.length} problems`).toEqual([]);
  });

  it('never answers 5xx or leaks a stack for bad path parameters, query parameters and bodies', async () => {
    const found: string[] = [];
    for (const route of routes) {
      const specs = specsOf(route);
      const methods = specs.length ? specs.map((s) => s.method) : ['GET', 'POST'];
      for (const method of methods) {
        const spec = specs.find((s) => s.method === method);
        const hasBody = method !== 'GET';
        // Path parameters.
        if (route.segments.some((s) => s.startsWith('[')))
          for (const value of corpusText) found.push(...problems(await send(route, method, urlFor(route, value), hasBody ? '{}' : undefined)));
        // Query parameters: each of the route's own, and one it does not know.
        for (const name of [...shapeKeys(spec?.query), 'q', 'unknown']) {
          for (const value of corpusText) {
            const target = urlFor(route, 'corpus');
            const url = new URL(target.url);
            url.searchParams.set(name, value);
            found.push(...problems(await send(route, method, { ...target, url: url.toString() }, hasBody ? '{}' : undefined)));
          }
        }
        if (!hasBody) continue;
        // Body fields, one at a time, the others left out.
        for (const name of [...shapeKeys(spec?.body), 'unknown'])
          for (const value of corpusJson) found.push(...problems(await send(route, method, urlFor(route, 'corpus'), JSON.stringify({ [name]: value }))));
        // A valid key creation with one bad field.
        if (spec?.path === '/keys' && method === 'POST') {
          for (const name of ['name', 'expiresAt', 'ipAllowlist', 'secretEnvironments', 'rateLimitPerMinute', 'monthlyQuota'])
            for (const value of corpusJson)
              found.push(
                ...problems(
                  await send(route, method, urlFor(route, 'corpus'), JSON.stringify({ name: 'corpus', environment: 'test', scopes: [], [name]: value })),
                ),
              );
        }
        for (const raw of rawBodies) found.push(...problems(await send(route, method, urlFor(route, 'corpus'), raw)));
      }
    }
    expect(found.slice(0, 40), `${found.length} problems`).toEqual([]);
    expect(loggedErrors.filter((line) => line.includes('[api]'))).toEqual([]);
    expect(sent).toBeGreaterThan(2000);
  }, 300_000);

  it('refuses the dates Postgres cannot store with a clear message', async () => {
    const keys = routes.find((r) => r.segments.join('/') === 'keys')!;
    for (const expiresAt of [8.64e15, '+099999-01-01', '0000-01-01', '+275760-09-13T00:00:00.000Z']) {
      const answer = await send(keys, 'POST', urlFor(keys, 'x'), JSON.stringify({ name: 'dated', environment: 'test', scopes: [], expiresAt }));
      expect(answer.status, `${String(expiresAt)}: ${answer.text}`).toBe(400);
      expect(JSON.parse(answer.text).errors['body.expiresAt']).toEqual([expect.stringMatching(/years 1 and 9999|valid date|future/)]);
    }
    const usage = routes.find((r) => r.segments.join('/') === 'usage')!;
    const answer = await send(usage, 'GET', { url: 'http://portal.test/api/v1/usage?from=0000-01-01T00:00:00Z', params: {} });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('between the years 1 and 9999');
  });
});

// ---------------------------------------------------------------------------------------------------
// The portal list pages: the lib functions each page calls with its parsed search params, called the
// way the page calls them. A page turns NotFoundError/ForbiddenError into its 404; anything else
// thrown would be a 500.

type Params = Record<string, string | string[] | undefined>;

let cast: Awaited<ReturnType<typeof createCast>>;
let staff: Tenant;
let partner: Tenant;

async function pageOutcome(load: () => Promise<unknown>): Promise<string | null> {
  try {
    await load();
    return null;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return null;
    // next/navigation's notFound(): the page's 404.
    if (String((error as { digest?: unknown } | null)?.digest).startsWith('NEXT_HTTP_ERROR_FALLBACK;404')) return null;
    return error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 200)}` : String(error);
  }
}

const pageLoaders: Record<string, (tenant: Tenant, params: Params) => Promise<unknown>> = {
  '/keys': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: keySortColumns, defaultSort: 'created', defaultDirection: 'desc' });
    return listKeys(tenant, {
      ...query,
      status: parseEnumParam(params, 'status', keyStatuses),
      environment: parseEnumParam(params, 'environment', ['test', 'live']),
    });
  },
  '/audit': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: auditSortColumns, defaultSort: 'occurred', defaultDirection: 'desc' });
    return listAuditLogs(tenant, { ...query, ...parseAuditFilters(params) });
  },
  '/audit/export': (tenant, params) => {
    const { q } = parseTableQuery(params, { sortable: auditSortColumns, defaultSort: 'occurred' });
    return exportAuditLogs(tenant, { ...parseAuditFilters(params), q: q || undefined });
  },
  '/usage/requests': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: requestSortColumns, defaultSort: 'occurred', defaultDirection: 'desc' });
    return listRequestLogs(tenant, { ...query, ...parseRequestFilters(params) });
  },
  '/usage': (tenant, params) => usageDashboardData(tenant, {}, parsePageRange(params, new Date()).range),
  '/usage/live': async (tenant, params) => liveScope(tenant, typeof params.partner === 'string' && params.partner ? params.partner : null),
  '/partners': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: partnerSortColumns, defaultSort: 'created', defaultDirection: 'desc' });
    return listPartners(tenant, { ...query, status: parseEnumParam(params, 'status', ['pending', 'active', 'suspended']) });
  },
  '/users': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: userSortColumns, defaultSort: 'created', defaultDirection: 'desc' });
    return listUsers(tenant, { ...query, state: parseEnumParam(params, 'state', ['active', 'disabled']) });
  },
  '/alerts': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: alertSortColumns, defaultSort: 'triggered', defaultDirection: 'desc' });
    const partnerParam = typeof params.partner === 'string' && params.partner ? params.partner : undefined;
    return listAlerts(tenant, {
      ...query,
      state: parseEnumParam(params, 'state', alertStates),
      kind: parseEnumParam(params, 'kind', alertKinds),
      partner: partnerParam,
    });
  },
  '/catalog': (tenant, params) => {
    const q = typeof params.q === 'string' ? params.q.trim().slice(0, 200) : '';
    return listCatalog(tenant, { q: q || undefined });
  },
  '/docs': async (tenant, params) => {
    const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
    const q = first(params.q)?.slice(0, 200) ?? '';
    const library = await listReadableDocs(tenant, first(params.version));
    if (q) await searchDocs(tenant, q, {});
    return library;
  },
  '/docs/manage': (tenant, params) => {
    const query = parseTableQuery(params, { sortable: docSortColumns, defaultSort: 'updated', defaultDirection: 'desc' });
    return listDocsForManagement(tenant, { ...query, state: parseEnumParam(params, 'state', docStates) });
  },
  '/secrets': async (tenant, params) => {
    // ?org= as requireTenant reads it, then ?env= as the page reads it.
    const org = firstParam(params, 'org');
    if (org && !(await findOrganization(org))) return null;
    const scoped = org ? tenantOf(tenant.actor, org) : tenant;
    if (!scoped.partnerId) return null;
    const environments = await listEnvironments(scoped);
    const requested = firstParam(params, 'env');
    const environment = requested ? environments.find((e) => e.slug === requested) : environments[0];
    if (!environment) return null;
    const query = parseTableQuery(params, { sortable: secretSortColumns, defaultSort: 'name', defaultDirection: 'asc' });
    await listAccessLogs(scoped, { environmentId: environment.id }, query);
    return listSecrets(scoped, environment.slug, { ...query, deleted: false });
  },
};

// The detail pages: the id (or version and slug) of their path, as the page passes it on.
const detailLoaders: Record<string, (tenant: Tenant, id: string) => Promise<unknown>> = {
  // The page itself refuses an unstorable id (lib/keys is not changed here): app/(portal)/keys/[id]/page.tsx.
  '/keys/[id]': async (tenant, id) => (isStorableText(id) ? getKeyDetail(tenant, id) : notFound()),
  '/usage/requests/[id]': (tenant, id) => getRequestLog(tenant, id),
  '/secrets/[id]': (tenant, id) => getSecretDetail(tenant, id),
  '/docs/manage/[id]': (tenant, id) => getDocForEditing(tenant, id),
  '/docs/[version]/[slug]': async (tenant, id) => {
    await getReadableDoc(tenant, 'v1', id);
    return getReadableDoc(tenant, id, 'quickstart');
  },
  '/partners/[id]': async (tenant, id) => getOrganizationOverview(narrowTenant(tenant, id)),
  '/catalog/apis/[id]': (tenant, id) => findApiOrNotFound(tenant, id),
  '/catalog/endpoints/[id]': (tenant, id) => findEndpointOrNotFound(tenant, id),
};

const filterNames = [
  'q',
  'page',
  'size',
  'sort',
  'dir',
  'status',
  'environment',
  'actor',
  'action',
  'target',
  'partner',
  'org',
  'from',
  'to',
  'key',
  'class',
  'endpoint',
  'request',
  'range',
  'env',
  'version',
  'state',
  'kind',
];

describe('portal list pages under a corpus of bad filters', () => {
  beforeAll(async () => {
    cast = await createCast();
    staff = tenantOf(cast.admin);
    partner = tenantOf(cast.partnerAdmin);
  });

  for (const [page, load] of Object.entries(pageLoaders)) {
    it(`${page}: every filter with every bad value shows a page or a 404, never a 500`, async () => {
      const found: string[] = [];
      for (const tenant of [staff, partner]) {
        for (const name of filterNames) {
          for (const value of corpusText) {
            const params: Params = { [name]: value };
            // A custom range needs both ends.
            if (name === 'from' || name === 'to') Object.assign(params, { range: 'custom', from: value, to: value });
            const failure = await pageOutcome(() => load(tenant, params));
            if (failure) found.push(`${tenant.isStaff ? 'staff' : 'partner'} ?${name}=${JSON.stringify(value.slice(0, 30))}: ${failure}`);
          }
          const repeated = await pageOutcome(() => load(tenant, { [name]: ['\u0000', 'x'] }));
          if (repeated) found.push(`?${name}=%00&${name}=x: ${repeated}`);
        }
      }
      expect(found.slice(0, 40), `${found.length} problems`).toEqual([]);
    }, 120_000);
  }

  for (const [page, load] of Object.entries(detailLoaders)) {
    it(`${page}: every bad id shows a 404 or the page, never a 500`, async () => {
      const found: string[] = [];
      for (const tenant of [staff, partner])
        for (const value of corpusText) {
          const failure = await pageOutcome(() => load(tenant, value));
          if (failure) found.push(`${tenant.isStaff ? 'staff' : 'partner'} ${JSON.stringify(value.slice(0, 30))}: ${failure}`);
        }
      expect(found.slice(0, 40), `${found.length} problems`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// Every action spec (server actions, the API's mutations, ops scripts run them through performAction):
// each field of its input gets each bad value; a refusal is a 4xx AppError, never a database error.

describe('every action under a corpus of bad fields', () => {
  let actors: Awaited<ReturnType<typeof createCast>>;
  beforeAll(async () => {
    actors = await createCast();
  });

  it('answers a field error or a refusal, never a 500', async () => {
    const meta = { ip: '203.0.113.9', userAgent: 'bad-input-corpus' };
    const found: string[] = [];
    for (const [name, spec] of Object.entries(actionSpecs)) {
      const fields = [...new Set([...shapeKeys(unwrapObject(spec.input)), 'id', 'partnerId', 'name'])];
      for (const field of fields) {
        for (const value of corpusJson) {
          for (const actor of [actors.admin, actors.partnerAdmin]) {
            try {
              await performAction(spec as never, { [field]: value }, { actor, meta });
            } catch (error) {
              if (error instanceof AppError && error.status < 500) continue;
              found.push(`${name}.${field}=${JSON.stringify(value)?.slice(0, 30)}: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`);
            }
          }
        }
      }
    }
    expect(found.slice(0, 40), `${found.length} problems`).toEqual([]);
  }, 300_000);
});

/** The object schema inside a preprocess, pipe or refinement, for its field names. */
function unwrapObject(schema: unknown): unknown {
  let current = schema as { shape?: unknown; def?: { in?: unknown; out?: unknown; schema?: unknown; innerType?: unknown } } | undefined;
  for (let i = 0; i < 5 && current && !current.shape; i++) {
    const def = current.def;
    current = (def?.out && (def.out as { shape?: unknown }).shape ? def.out : (def?.in ?? def?.schema ?? def?.innerType)) as typeof current;
  }
  return current;
}
