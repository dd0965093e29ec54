import type { UserActor } from '@/lib/auth/actor';
import { EXPLORER_HEADER } from '@/lib/graphql/portal-operations';
import { callApi, type ApiAnswer } from '../support/api-client';

/** The signed-in user the mocked session module answers with (tests that mock `@/lib/auth/session` set it). */
export const session: { actor: UserActor | null } = { actor: null };

export const sessionModuleMock = () => ({
  getActor: async () => session.actor,
  getSession: async () => (session.actor ? { userId: session.actor.userId, sessionId: 'ses_test' } : null),
  sessionStillOpen: async () => true,
  getRequestMeta: async () => ({ ip: '203.0.113.7', userAgent: 'vitest', origin: null, sessionId: 'ses_test' }),
});

export interface GraphqlAnswer extends ApiAnswer {
  data: Record<string, unknown> | null | undefined;
  errors: { message: string; path?: string[]; extensions?: { code?: string } }[] | undefined;
}

/** A session may send document text only from the explorer (lib/graphql/persisted-operations-plugin.ts): its header. */
export const explorerHeaders = { [EXPLORER_HEADER]: '1' };

/**
 * POST /api/v1/graphql through the real route handler: with a key, or (no key) as the mocked session's
 * user, sending the document as the GraphQL explorer does (with its header; `explorer: false` leaves it
 * out). `variables` and `operationName` as usual.
 */
export async function gql(
  query: string,
  options: { key?: string; variables?: Record<string, unknown>; operationName?: string; headers?: Record<string, string>; explorer?: boolean } = {},
): Promise<GraphqlAnswer> {
  const explorer = !options.key && options.explorer !== false;
  const answer = await callApi('POST', '/api/v1/graphql', {
    key: options.key,
    body: { query, variables: options.variables, operationName: options.operationName },
    headers: { ...(explorer ? explorerHeaders : {}), ...options.headers },
  });
  return { ...answer, data: answer.body.data as GraphqlAnswer['data'], errors: answer.body.errors as GraphqlAnswer['errors'] };
}

export const errorCodes = (answer: { errors?: { extensions?: { code?: string } }[] }) => (answer.errors ?? []).map((e) => e.extensions?.code);

/** The value at a dotted path of an answer's data (`viewer.organization.name`, `apiKeys.edges.0.node`), for assertions. */
export function dig(answer: { data?: unknown }, path: string): unknown {
  let value: unknown = answer.data;
  for (const step of path.split('.')) {
    if (value === null || value === undefined) return value;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** The nodes of a connection in an answer's data. */
export function nodes(answer: { data?: unknown }, connection: string): Record<string, unknown>[] {
  const edges = dig(answer, `${connection}.edges`) as { node: Record<string, unknown> }[] | null | undefined;
  return (edges ?? []).map((edge) => edge.node);
}
