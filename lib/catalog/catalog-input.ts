import { z } from 'zod';
import { storableText, storableDate } from '@/lib/validation/storable';
import { apiScopes, endpointStatuses, httpMethods } from '@/db/schema';
import { apiVersionField } from '@/lib/docs/doc-input';

const segment = String.raw`(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\})`;
const pathTemplate = new RegExp(`^(?:/|(?:/${segment})+)$`);

/**
 * An endpoint's path template, e.g. `/orders/{id}/items`: segments of URL-safe characters or a
 * `{param}`, no query string, no trailing slash, and no parameter named twice.
 */
export const pathTemplateField = storableText()
  .trim()
  .min(1, 'Enter the path, e.g. /orders/{id}')
  .max(200, 'Use at most 200 characters')
  // One message at a time: the first rule broken is the one to fix.
  .refine((p) => p.startsWith('/'), { message: 'Start the path with /', abort: true })
  .refine((p) => !p.includes('?'), { message: 'Leave the query string out of the path', abort: true })
  .refine((p) => p === '/' || !p.endsWith('/'), { message: 'Remove the trailing /', abort: true })
  .refine((p) => pathTemplate.test(p), { message: 'Use segments of letters, digits, . _ ~ - or a {parameter}', abort: true })
  .refine(
    (p) => {
      const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      return new Set(names).size === names.length;
    },
    { message: 'Name each {parameter} once' },
  );

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const sunsetField = z.preprocess(blankToUndefined, storableDate({ error: 'Enter a valid date' }).optional());

export const apiFields = {
  name: storableText().trim().min(2, 'Enter the API’s name').max(100, 'Use at most 100 characters'),
  slug: z.preprocess(
    blankToUndefined,
    storableText()
      .trim()
      .toLowerCase()
      .max(48)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes')
      .optional(),
  ),
  version: apiVersionField,
  description: storableText().trim().max(2000, 'Use at most 2,000 characters').default(''),
};
export const createApiInput = z.object(apiFields);
export const updateApiInput = z.object({ ...apiFields, apiId: storableText().min(1).max(64) });

export const endpointFields = {
  method: z.enum(httpMethods, { error: 'Choose a method' }),
  path: pathTemplateField,
  description: storableText().trim().max(2000, 'Use at most 2,000 characters').default(''),
  requiredScope: z.preprocess(blankToUndefined, z.enum(apiScopes, { error: 'Choose a scope' }).optional()),
  status: z.enum(endpointStatuses, { error: 'Choose a status' }).default('active'),
  sunsetAt: sunsetField,
};
export const createEndpointInput = z.object({ ...endpointFields, apiId: storableText().min(1).max(64) });
export const updateEndpointInput = z.object({ ...endpointFields, endpointId: storableText().min(1).max(64) });
export const endpointIdInput = z.object({ endpointId: storableText().min(1).max(64) });
