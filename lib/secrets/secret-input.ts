import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { secretKinds } from '@/db/schema';

export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

export const secretNameField = storableText({ error: 'Enter a name' })
  .trim()
  .min(1, { message: 'Enter a name', abort: true })
  .max(128, 'Use at most 128 characters')
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'Use A–Z, 0–9 and _, not starting with a digit (e.g. DATABASE_URL)');

export const secretValueField = storableText({ error: 'Enter a value' }).refine(
  (v) => Buffer.byteLength(v, 'utf8') <= SECRET_VALUE_MAX_BYTES,
  'Values can be at most 64 KiB',
);

export const environmentSlugField = storableText({ error: 'Choose an environment' })
  .trim()
  .toLowerCase()
  .min(1, { message: 'Enter a name', abort: true })
  .max(40, 'Use at most 40 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes (e.g. qa-eu)');

const optionalPartnerId = z.preprocess((v) => (v === '' ? undefined : v), storableText().max(64).optional());

/** Every secret form names its environment; staff also name the organization (partner users work in their own). */
export const environmentTarget = { partnerId: optionalPartnerId, environment: environmentSlugField };

export const createSecretInput = z.object({
  ...environmentTarget,
  name: secretNameField,
  kind: z.enum(secretKinds, { error: 'Choose a kind' }).default('env_var'),
  value: secretValueField,
});

export const updateSecretInput = z.object({
  secretId: storableText().min(1).max(64),
  value: secretValueField,
  kind: z.enum(secretKinds).optional(),
  // The version the editor showed: a save over a newer one is refused.
  baseVersion: z.coerce.number().int().min(1).optional(),
});

export const secretIdInput = z.object({ secretId: storableText().min(1).max(64) });
export const secretVersionInput = z.object({ secretId: storableText().min(1).max(64), version: z.coerce.number().int().min(1).optional() });
export const rollbackSecretInput = z.object({ secretId: storableText().min(1).max(64), version: z.coerce.number({ error: 'Choose a version' }).int().min(1) });

export const createEnvironmentInput = z.object({ partnerId: optionalPartnerId, slug: environmentSlugField });

/** Under Next's 1 MB limit on a server action's body, so that a large paste gets a form error, not a 413. */
export const IMPORT_CONTENT_MAX = 900_000;

export const importDotenvInput = z.object({
  ...environmentTarget,
  content: storableText().max(IMPORT_CONTENT_MAX, 'Paste at most 900 KB at a time; split larger files'),
  kind: z.enum(secretKinds).default('env_var'),
});

export const exportEnvironmentInput = z.object(environmentTarget);
