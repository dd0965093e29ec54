import { apiScopes, keyEnvironments, type ApiScope, type KeyEnvironment } from '@/db/schema/api-keys';

export { apiScopes, keyEnvironments, type ApiScope, type KeyEnvironment };

/** What each scope lets a key do, in the words the create form shows under each checkbox. */
export const scopeDescriptions: Record<ApiScope, string> = {
  'catalog:read': 'Read the API catalog.',
  'docs:read': 'Read published docs.',
  'usage:read': 'Read usage.',
  'secrets:read': 'Pull secrets.',
  'keys:write': "Manage this organization's keys by API.",
  'keys:verify': 'Verify other keys. For staff-issued service keys only.',
  'keys:sync': 'Sync every key (hashes) into an embedded verifier. For staff-issued verifier credentials only.',
};

export const environmentLabels: Record<KeyEnvironment, string> = { test: 'Test', live: 'Live' };
