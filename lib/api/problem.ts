import type { KeyRecord } from '@/lib/keys/key-record';

/**
 * Errors of the public API as RFC 9457 problem details. `type` names the kind of problem (stable,
 * documented in the API reference); `detail` is for humans; `requestId` ties it to our logs.
 */
export const problemTypes = {
  unauthorized: { status: 401, title: 'Unauthorized' },
  organization_inactive: { status: 403, title: 'Organization not active' },
  ip_not_allowed: { status: 403, title: 'IP address not allowed' },
  insufficient_scope: { status: 403, title: 'Insufficient scope' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  gone: { status: 410, title: 'Endpoint retired' },
  invalid_request: { status: 400, title: 'Invalid request' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  rate_limited: { status: 429, title: 'Rate limit exceeded' },
  quota_exceeded: { status: 429, title: 'Monthly quota exceeded' },
  internal: { status: 500, title: 'Internal error' },
} as const;
export type ProblemCode = keyof typeof problemTypes;

// Each type is a heading of the seeded "Errors" doc, so the URI opens its explanation.
export const PROBLEM_TYPE_BASE = '/docs/v1/errors#';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: Record<string, string[]>;
}

export function problemBody(code: ProblemCode, detail: string, requestId: string, errors?: Record<string, string[]>): Problem {
  const { status, title } = problemTypes[code];
  return { type: `${PROBLEM_TYPE_BASE}${code.replace(/_/g, '-')}`, title, status, detail, requestId, ...(errors ? { errors } : {}) };
}

export function problemResponse(
  code: ProblemCode,
  detail: string,
  requestId: string,
  init: { headers?: Record<string, string>; errors?: Record<string, string[]> } = {},
): Response {
  const body = problemBody(code, detail, requestId, init.errors);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId, 'cache-control': 'no-store', ...init.headers },
  });
}

/** An error a handler throws to answer with a problem. */
export class ApiProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly errors?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
    /** The key, when it was recognised before the refusal: the request is still metered against it. */
    readonly key?: KeyRecord,
  ) {
    super(detail);
  }
}
