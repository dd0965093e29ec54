import { type AuthError, CredentialsSignin } from 'next-auth';

const messages: Record<string, string> = {
  invalid_credentials: 'Wrong email or password.',
  throttled: 'Too many failed sign-ins. Try again in 15 minutes.',
  disabled: 'This account is disabled. Contact your administrator.',
};

export const genericSignInError = 'We could not sign you in. Please try again.';

/** The message for a `code` of our Credentials provider (also read from `/login?error=…&code=…`). */
export function signInMessageForCode(code: string | undefined): string {
  return (code && messages[code]) || genericSignInError;
}

export function signInErrorMessage(error: AuthError): string {
  return signInMessageForCode(error instanceof CredentialsSignin ? error.code : undefined);
}
