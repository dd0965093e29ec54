import 'server-only';
import type { z } from 'zod';
import { getActor, getRequestMeta } from '@/lib/auth/session';
import type { ActionResult, ActionSpec } from './action-spec';
import { executeAction } from './execute-action';

export interface DefineActionOptions<TResult> {
  /** Runs after the transaction committed: `revalidatePath`, `redirect`, signing in. */
  after?: (value: TResult, input: FormData) => Promise<void> | void;
}

/**
 * Builds a server action for `useActionState` from a spec: the session and request come
 * from Next, the rest is `executeAction`.
 */
export function defineAction<TSchema extends z.ZodType, TResult>(
  spec: ActionSpec<TSchema, TResult>,
  options: DefineActionOptions<TResult> = {},
): (previous: ActionResult | null, formData: FormData) => Promise<ActionResult> {
  return async (_previous, formData) => {
    const [actor, meta] = await Promise.all([getActor(), getRequestMeta()]);
    const outcome = await executeAction(spec, formData, { actor, meta });
    // Outside the try of executeAction: `redirect()` works by throwing.
    if (outcome.result.ok && options.after) await options.after(outcome.value as TResult, formData);
    return outcome.result;
  };
}
