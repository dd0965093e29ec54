import 'server-only';
import type { z } from 'zod';
import { getActor, getRequestMeta, getSessionActor } from '@/lib/auth/session';
import type { ActionSpec, FormAction } from './action-spec';
import { executeAction } from './execute-action';

/** Set on every server action `defineAction` builds, to the spec it runs (tests find actions built otherwise). */
export const DEFINED_ACTION = Symbol.for('partner-portal.defineAction');

function markBuiltByDefineAction<T extends object>(action: T, spec: object): T {
  Object.defineProperty(action, DEFINED_ACTION, { value: spec });
  return action;
}

export interface DefineActionOptions<TResult> {
  /** Runs after the transaction committed: `revalidatePath`, `redirect`, signing in. */
  after?: (value: TResult, input: FormData) => Promise<void> | void;
  /**
   * Also runs for a session stopped until its user enrols a second factor (the enrolment's own actions);
   * every other action treats such a session as signed out.
   */
  duringEnrolment?: boolean;
}

async function actorOfRequest(duringEnrolment: boolean) {
  if (!duringEnrolment) return getActor();
  const loaded = await getSessionActor();
  return loaded && (loaded.gate === 'ok' || loaded.gate === 'enrol') ? loaded.actor : null;
}

/**
 * Builds a server action for `useActionState` from a spec: the session and request come
 * from Next, the rest is `executeAction`.
 */
export function defineAction<TSchema extends z.ZodType, TResult, TData = unknown>(
  spec: ActionSpec<TSchema, TResult, TData>,
  options: DefineActionOptions<TResult> = {},
): FormAction<TData> {
  const action: FormAction<TData> = async (_previous, formData) => {
    const [actor, meta] = await Promise.all([actorOfRequest(options.duringEnrolment ?? false), getRequestMeta()]);
    const outcome = await executeAction(spec, formData, { actor, meta });
    // Outside the try of executeAction: `redirect()` works by throwing.
    if (outcome.result.ok && options.after) await options.after(outcome.value as TResult, formData);
    return outcome.result;
  };
  return markBuiltByDefineAction(action, spec);
}
