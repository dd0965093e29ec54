/**
 * Errors a user is meant to see. Anything else that is thrown is a bug: it is logged
 * and answered with a generic message, never with its text or stack.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(message, 404, 'not_found');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this', fieldErrors?: Record<string, string[]>) {
    super(message, 403, 'forbidden', fieldErrors);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Please sign in') {
    super(message, 401, 'unauthenticated');
  }
}

/** Bad input that zod could not see (a taken email, a wrong current password). */
export class InputError extends AppError {
  constructor(message: string, fieldErrors?: Record<string, string[]>) {
    super(message, 422, 'invalid_input', fieldErrors);
  }
}

/** A single field's error, the common case. */
export function fieldError(field: string, message: string): InputError {
  return new InputError(message, { [field]: [message] });
}

/**
 * The action needs a fresh second factor (lib/auth/policy.ts `stepUpRequired`): the form shows a code
 * field (`stepUpCode`) and the user submits again with it.
 */
export class StepUpRequiredError extends AppError {
  /** `passkey`: the person has a passkey, and the form offers it beside the code field (`stepUpPasskey`). */
  constructor(
    message = 'Confirm it’s you: enter a code from your authenticator app (or a recovery code), then submit again.',
    options: { passkey?: boolean } = {},
  ) {
    super(message, 403, 'step_up_required', { stepUpCode: [message], ...(options.passkey ? { stepUpPasskey: ['Or use one of your passkeys.'] } : {}) });
  }
}
