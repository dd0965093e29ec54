import 'server-only';
import { type z } from 'zod';
import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import type { Actor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import { writeAuditLog, type RequestMeta } from '@/lib/audit/write-audit-log';
import { AppError } from '@/lib/errors';
import type { ActionResult, ActionSpec } from './action-spec';

export interface ExecutionContext {
  actor: Actor | null;
  meta: RequestMeta;
}

export type ExecutionOutcome<TResult, TData = unknown> = { result: ActionResult<TData>; value?: TResult };

/** FormData → a plain object; repeated keys (checkbox groups) become arrays. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue; // React's own fields
    const values = formData.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** Postgres' unique_violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * The one path of every server action: validate → who → may they → run in a transaction →
 * audit row in that transaction → a result the form can show. Nothing is written unless all of it succeeds.
 */
export async function executeAction<TSchema extends z.ZodType, TResult, TData = unknown>(
  spec: ActionSpec<TSchema, TResult, TData>,
  rawInput: FormData | Record<string, unknown>,
  context: ExecutionContext,
): Promise<ExecutionOutcome<TResult, TData>> {
  const parsed = spec.input.safeParse(rawInput instanceof FormData ? formDataToObject(rawInput) : rawInput);
  if (!parsed.success) {
    return { result: { ok: false, error: 'Please correct the highlighted fields.', fieldErrors: zodFieldErrors(parsed.error) } };
  }
  const input = parsed.data;
  const actor = context.actor;
  if (spec.access === 'user' && !actor) return { result: { ok: false, error: 'Your session has ended. Please sign in again.' } };

  try {
    const value = await withTransaction(db, async (tx, afterCommit) => {
      let result: TResult;
      if (spec.access === 'user') {
        const signedIn = actor as Actor;
        const check = await spec.policy(input, signedIn, tx);
        if (check !== 'self') authorize(signedIn, check.action, check.resource);
        result = await spec.run({ input, tx, meta: context.meta, actor: signedIn, afterCommit });
        for (const entry of [spec.audit(result, input, signedIn) ?? []].flat()) await writeAuditLog(tx, signedIn, entry, context.meta);
      } else {
        result = await spec.run({ input, tx, meta: context.meta, actor, afterCommit });
        const auditActor = actor ?? spec.auditActor?.(result) ?? { kind: 'anonymous', label: 'anonymous' };
        for (const entry of [spec.audit(result, input) ?? []].flat()) await writeAuditLog(tx, auditActor, entry, context.meta);
      }
      return result;
    });
    const message = typeof spec.message === 'function' ? spec.message(value) : spec.message;
    return { result: { ok: true, message, data: spec.data?.(value) }, value };
  } catch (error) {
    if (error instanceof AppError) {
      return { result: { ok: false, error: error.message, fieldErrors: error.fieldErrors } };
    }
    console.error(`[action ${spec.name}] failed`, error);
    return { result: { ok: false, error: 'Something went wrong on our side. Nothing was changed; please try again.' } };
  }
}
