import { z } from 'zod';

/** Emails are compared in lower case everywhere (the unique index is on lower(email)). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An email address, trimmed and lower-cased; `missing` is what to say when it is empty. */
export function emailAddressField(missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(254, 'That email is too long')
    .pipe(z.email('Enter a valid email address'))
    .transform(normalizeEmail);
}

export const emailField = emailAddressField('Enter your email');

export const newPasswordField = z.string({ error: 'Choose a password' }).min(10, 'Use at least 10 characters').max(200, 'Use at most 200 characters');
