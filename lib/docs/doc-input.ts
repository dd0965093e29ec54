import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { docVisibilities } from '@/db/schema';

export const DOC_CONTENT_MAX = 200_000;

export const docSlugField = storableText()
  .trim()
  .toLowerCase()
  .min(1, 'Enter a slug')
  .max(80, 'Use at most 80 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes');

export const apiVersionField = storableText()
  .trim()
  .min(1, 'Enter the API version, e.g. v1')
  .max(20, 'Use at most 20 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dots and dashes, e.g. v1 or 2026-01')
  // `/docs/manage` is the staff table: a version by that name would have no reachable pages.
  .refine((v) => v.toLowerCase() !== 'manage', 'This name is reserved; choose another, e.g. v1');

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * The editor's form. `visibility`: `public` (anyone, signed out too), `partners` (every partner) or
 * `organization` (only `partnerId`'s). Without it (older forms, the API) the organization decides:
 * `partnerId` set means that organization, empty every partner.
 */
export const docFields = {
  visibility: z.preprocess(blankToUndefined, z.enum(docVisibilities, { error: 'Choose who may read the doc' }).optional()),
  title: storableText().trim().min(1, 'Enter a title').max(160, 'Use at most 160 characters'),
  slug: z.preprocess(blankToUndefined, docSlugField.optional()),
  apiVersion: apiVersionField,
  partnerId: z.preprocess(blankToUndefined, storableText().max(64).optional()),
  content: storableText()
    .max(DOC_CONTENT_MAX, `Keep a doc under ${DOC_CONTENT_MAX.toLocaleString('en')} characters`)
    .default(''),
  // Which button was pressed: keep the doc's publish state, or publish it with this save.
  intent: z.enum(['save', 'publish']).default('save'),
};

export const createDocInput = z.object(docFields);
export type CreateDocInput = z.output<typeof createDocInput>;

export const updateDocInput = z.object({
  ...docFields,
  docId: storableText().min(1).max(64),
  // The revision the editor was opened at: a save over someone else's newer one is refused.
  baseRevision: z.coerce.number().int().min(0),
});
export type UpdateDocInput = z.output<typeof updateDocInput>;

export const docIdInput = z.object({ docId: storableText().min(1).max(64) });
