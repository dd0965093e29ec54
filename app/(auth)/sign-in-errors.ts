import { type AuthError, CredentialsSignin } from 'next-auth';

const messages: Record<string, string> = {
  invalid_credentials: 'Wrong email or password.',
  throttled: 'Too many failed sign-ins. Try again in 15 minutes.',
  disabled: 'This account is disabled. Contact your administrator.',
  sso_email_unverified: 'Your identity provider has not verified your email address, so it cannot be linked to an account here.',
  sso_domain_not_verified: 'Your organization has not verified this email domain for its single sign-on.',
  sso_no_account: 'There is no account for this address. Ask for an invitation first.',
  sso_disabled: 'This account is disabled. Contact your administrator.',
  sso_other_organization: 'This address belongs to an account of another organization; sign in with your password.',
  passkey: 'That passkey is not known here, or could not be verified. Try another one, or your password.',
  passkey_expired: 'The passkey prompt expired. Try again.',
  sso_enforced: 'Your organization requires single sign-on: use “Sign in with single sign-on” below.',
};

export const genericSignInError = 'We could not sign you in. Please try again.';

/** The message for a `code` of our Credentials provider (also read from `/login?error=…&code=…`). */
export function signInMessageForCode(code: string | undefined): string {
  return (code && messages[code]) || genericSignInError;
}

export function signInErrorMessage(error: AuthError): string {
  return signInMessageForCode(error instanceof CredentialsSignin ? error.code : undefined);
}
