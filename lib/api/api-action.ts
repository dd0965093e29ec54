import 'server-only';
import type { z } from 'zod';
import type { ActionSpec } from '@/lib/actions/action-spec';
import { performAction } from '@/lib/actions/execute-action';
import { AppError } from '@/lib/errors';
import type { KeyRecord } from '@/lib/keys/key-record';
import { ApiProblem, type ProblemCode } from './problem';

const problemCodes: Record<number, ProblemCode> = { 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 422: 'unprocessable' };

/**
 * Runs an action spec for the calling key: the same executor, policy, transaction and audit rows as the
 * portal's forms and the ops scripts. Refusals become problems whose `errors` name the body's fields.
 */
export async function runApiAction<TSchema extends z.ZodType, TResult>(
  spec: ActionSpec<TSchema, TResult>,
  input: Record<string, unknown>,
  ctx: { key: KeyRecord; ip: string; request: Request },
  notFoundDetail = 'Not found.',
): Promise<TResult> {
  try {
    return await performAction(spec, input, { actor: ctx.key.actor, meta: { ip: ctx.ip, userAgent: ctx.request.headers.get('user-agent') } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const code = problemCodes[error.status] ?? 'invalid_request';
    const errors = error.fieldErrors
      ? Object.fromEntries(Object.entries(error.fieldErrors).map(([field, messages]) => [`body.${field}`, messages]))
      : undefined;
    throw new ApiProblem(code, code === 'not_found' ? notFoundDetail : error.message, errors);
  }
}
