// The problem types of /api/v1 as data, below both the HTTP surface (lib/api/problem.ts answers with
// them) and the docs (lib/docs/starter-docs.ts writes the errors guide from them). No imports on purpose.

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
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;
export type ProblemCode = keyof typeof problemTypes;

// Each type is a heading of the seeded "Errors" doc, so the URI opens its explanation.
export const PROBLEM_TYPE_BASE = '/docs/v1/errors#';
