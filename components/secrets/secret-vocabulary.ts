import type { SecretAccessAction, SecretKind } from '@/db/schema/secrets';

export type { SecretAccessAction, SecretKind };

// Spelled out here rather than imported: client components would otherwise pull the table definitions in.
export const secretKindOptions = [
  { value: 'env_var', label: 'Environment variable' },
  { value: 'api_key', label: 'Third-party API key' },
] as const satisfies readonly { value: SecretKind; label: string }[];

export const secretKindLabels: Record<SecretKind, string> = { env_var: 'Env var', api_key: 'API key' };

export const accessActionLabels: Record<SecretAccessAction, string> = {
  reveal: 'Reveal',
  pull: 'Pull',
  export: 'Export',
  compare: 'Compare (import preview)',
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  restore: 'Restore',
  rollback: 'Rollback',
};

/** Shown wherever a value is hidden; the same width whatever the value, so its length does not leak. */
export const MASKED_VALUE = '••••••••';

/** The server's limit on a pasted .env (under Next's 1 MB per server action); larger pastes are refused before they are sent. */
export const IMPORT_MAX_BYTES = 900_000; // IMPORT_CONTENT_MAX in lib/secrets/secret-input.ts (that module is server-side)

/**
 * A secrets page's URL. Staff carry the chosen organization (`org`) from page to page; partner users
 * never need it. Empty values are left out.
 */
export function secretsHref(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
