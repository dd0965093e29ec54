import type { BadgeTone } from '@/components/ui/badge';
import type { EndpointStatus } from '@/db/schema/catalog';

// Type-only imports from db/schema: these helpers run in client forms too, which must not bundle drizzle.

export const endpointStatusLabels: Record<EndpointStatus, string> = { active: 'Active', deprecated: 'Deprecated', retired: 'Retired' };
export const endpointStatusTones: Record<EndpointStatus, BadgeTone> = { active: 'success', deprecated: 'warning', retired: 'danger' };

/** The rules of `pathTemplateField` (lib/catalog/catalog-input.ts), said once so every path field shows them. */
export const pathTemplateHint =
  'Relative to the API’s base, e.g. /orders/{id}/items: segments of letters, digits, . _ ~ - or a {parameter} named once; no query string, no trailing slash.';

export const lifecycleNote = 'Deprecated endpoints of the portal’s own API answer with Deprecation and Sunset headers; retired ones answer 410 Gone.';

export { operationIdOf } from '@/lib/api/operation-id';

/** A date input's value (`YYYY-MM-DD`, UTC: the action reads it back as midnight UTC). */
export function dateInputValue(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}
