import 'server-only';
import { z } from 'zod';
import type { ApiScope } from '@/db/schema';
import { createKeyActionInput, createKeySpec } from './create-key-action';

/** What a try-it key may do: read, nothing else (no secrets, no key changes). */
export const TRY_IT_SCOPES: ApiScope[] = ['catalog:read', 'docs:read', 'usage:read'];
export const TRY_IT_LIFETIME_MS = 60 * 60 * 1000;
export const TRY_IT_KEY_NAME = 'Try-it console';

/**
 * The reference's try-it console makes a key for itself: a test key with read-only scopes that expires
 * in an hour, marked `try_it` so the keys list says what it is. It is `createKeySpec` with its input
 * fixed here: the same policy (the maker's own limits), the same insert, the same audit row.
 */
export const createTryItKeySpec = {
  ...createKeySpec,
  name: 'createTryItKey',
  input: z.object({}).transform(() =>
    createKeyActionInput.parse({
      name: TRY_IT_KEY_NAME,
      environment: 'test',
      scopes: TRY_IT_SCOPES,
      expiresAt: new Date(Date.now() + TRY_IT_LIFETIME_MS),
      ipAllowlist: [],
      secretEnvironments: [],
      purpose: 'try_it',
    }),
  ),
  message: () => 'A read-only test key for this page is ready; it expires in one hour.',
};
