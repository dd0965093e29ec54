import 'server-only';
import { type z } from 'zod';
import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import type { Actor, UserActor } from '@/lib/auth/actor';
import { authorize, stepUpRequired } from '@/lib/auth/policy';
import { completeSecondFactorSignIn } from '@/lib/identity/second-factor-sign-in';
import { writeAuditLog, type RequestMeta } from '@/lib/audit/write-audit-log';
import { AppError, ForbiddenError, InputError, StepUpRequiredError, UnauthenticatedError } from '@/lib/errors';
import { unstorableTextFields } from '@/lib/validation/storable';
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

/** The fields' messages, for a form or for a problem's `errors`. */
export class ActionInputError extends InputError {
  constructor(fieldErrors: Record<string, string[]>) {
    super('Please correct the highlighted fields.', fieldErrors);
  }
}

/** A step-up code: right, the session is fresh and the actor says so; wrong (or throttled), the form asks again. */
async function confirmItsYou(actor: UserActor, code: string, meta: RequestMeta): Promise<UserActor> {
  if (!meta.sessionId || !actor.secondFactor?.enrolled) return actor;
  const now = new Date();
  const outcome = await completeSecondFactorSignIn(
    {
      userId: actor.userId,
      email: actor.email,
      sessionId: meta.sessionId,
      code,
      ip: meta.ip ?? 'unknown',
      userAgent: meta.userAgent,
      purpose: 'step_up',
      origin: meta.origin,
    },
    now,
  );
  if (!outcome.ok) {
    throw new StepUpRequiredError(
      outcome.reason === 'throttled' ? 'Too many wrong codes. Try again in 15 minutes.' : 'That code is not right, or was already used.',
      { passkey: actor.secondFactor?.passkey },
    );
  }
  return { ...actor, secondFactor: { ...actor.secondFactor, enrolled: true, verifiedAt: now } };
}

/**
 * The one path of every change, whoever makes it (a person's server action, an `/api/v1` handler with
 * a key, an ops script as the system): validate → who → may they → run in a transaction → audit row
 * in that transaction. Throws an `AppError` the caller shows (a form error, a problem); nothing is
 * written unless all of it succeeds.
 */
export async function performAction<TSchema extends z.ZodType, TResult>(
  spec: ActionSpec<TSchema, TResult>,
  rawInput: FormData | Record<string, unknown>,
  context: ExecutionContext,
): Promise<TResult> {
  const { stepUpCode, ...raw } = rawInput instanceof FormData ? formDataToObject(rawInput) : rawInput;
  // Text Postgres cannot store (NUL, lone surrogates) in any field is the caller's mistake (400), whatever the spec's schema says.
  const unstorable = unstorableTextFields(raw);
  if (unstorable) throw new ActionInputError(unstorable);
  const parsed = spec.input.safeParse(raw);
  if (!parsed.success) throw new ActionInputError(zodFieldErrors(parsed.error));
  const input = parsed.data;
  let actor = context.actor;
  if (spec.access !== 'public' && !actor) throw new UnauthenticatedError('Your session has ended. Please sign in again.');
  // The code of a step-up prompt, sent with the action again: checked (and the session made fresh) first.
  if (typeof stepUpCode === 'string' && stepUpCode.trim() && actor?.kind === 'user') actor = await confirmItsYou(actor, stepUpCode, context.meta);
  if (spec.access === 'user' && actor?.kind !== 'user') throw new ForbiddenError();

  return withTransaction(db, async (tx, afterCommit) => {
    let result: TResult;
    if (spec.access === 'user') {
      const person = actor as UserActor;
      const check = await spec.policy(input, person, tx);
      if (check !== 'self') {
        authorize(person, check.action, check.resource);
        if (stepUpRequired(person, check.action, check.resource)) throw new StepUpRequiredError(undefined, { passkey: person.secondFactor?.passkey });
      }
      result = await spec.run({ input, tx, meta: context.meta, actor: person, afterCommit });
      for (const entry of [spec.audit(result, input, person) ?? []].flat()) await writeAuditLog(tx, person, entry, context.meta);
    } else if (spec.access === 'actor') {
      const caller = actor as Actor;
      const check = await spec.policy(input, caller, tx);
      authorize(caller, check.action, check.resource);
      if (stepUpRequired(caller, check.action, check.resource)) {
        throw new StepUpRequiredError(undefined, { passkey: caller.kind === 'user' ? caller.secondFactor?.passkey : false });
      }
      result = await spec.run({ input, tx, meta: context.meta, actor: caller, afterCommit });
      for (const entry of [spec.audit(result, input, caller) ?? []].flat()) await writeAuditLog(tx, caller, entry, context.meta);
    } else {
      result = await spec.run({ input, tx, meta: context.meta, actor, afterCommit });
      const auditActor = actor ?? spec.auditActor?.(result) ?? { kind: 'anonymous', label: 'anonymous' };
      for (const entry of [spec.audit(result, input) ?? []].flat()) await writeAuditLog(tx, auditActor, entry, context.meta);
    }
    return result;
  });
}

/** `performAction` for forms: a result `useActionState` can show, never a thrown error. */
export async function executeAction<TSchema extends z.ZodType, TResult, TData = unknown>(
  spec: ActionSpec<TSchema, TResult, TData>,
  rawInput: FormData | Record<string, unknown>,
  context: ExecutionContext,
): Promise<ExecutionOutcome<TResult, TData>> {
  try {
    const value = await performAction(spec, rawInput, context);
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
