import type { KeyRecord } from '@/lib/keys/key-record';
import { PROBLEM_TYPE_BASE, problemTypes, type ProblemCode } from '@/lib/problem-types';

// The types themselves are data shared with the docs (the errors guide): lib/problem-types.ts.
export { PROBLEM_TYPE_BASE, problemTypes, type ProblemCode };

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
