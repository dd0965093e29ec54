'use client';

import { useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ActionResult, FormAction } from '@/lib/actions/action-spec';

// Never put a password back into a field.
const isSecretField = (name: string) => /password/i.test(name) || name.startsWith('$ACTION');

/**
 * `useActionState` plus what every portal form needs:
 * - the values last submitted, to give back as `defaultValue` (React resets a form after its action,
 *   and a user should not retype a form because one field was wrong); passwords are never kept;
 * - focus moved to the first invalid field after a failed submission;
 * - `fieldError(name)` for the server's field errors.
 */
export function useActionForm<TData = unknown>(action: FormAction<TData>, initialState: ActionResult<TData> | null = null) {
  const [state, formAction, isPending] = useActionState(action, initialState);
  const [values, setValues] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!state || state.ok || !state.fieldErrors) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const submitted: Record<string, string> = {};
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string' && !isSecretField(name)) submitted[name] = value;
    }
    setValues(submitted);
  }

  function fieldError(name: string): string[] | undefined {
    return state && !state.ok ? state.fieldErrors?.[name] : undefined;
  }

  return { state, formAction, isPending, values, formRef, onSubmit, fieldError };
}
