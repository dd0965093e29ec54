import type { BadgeTone } from '@/components/ui/badge';
import type { EndpointStatus } from '@/db/schema/catalog';

// Type-only imports from db/schema: these helpers run in client forms too, which must not bundle drizzle.

export const endpointStatusLabels: Record<EndpointStatus, string> = { active: 'Active', deprecated: 'Deprecated', retired: 'Retired' };
export const endpointStatusTones: Record<EndpointStatus, BadgeTone> = { active: 'success', deprecated: 'warning', retired: 'danger' };

/** The rules of `pathTemplateField` (lib/catalog/catalog-input.ts), said once so every path field shows them. */
export const pathTemplateHint =
  'Relative to the API’s base, e.g. /orders/{id}/items: segments of letters, digits, . _ ~ - or a {parameter} named once; no query string, no trailing slash.';

export const lifecycleNote =
  'Deprecated endpoints of the portal’s own API answer with Deprecation and Sunset headers; retired ones answer 410 Gone.';

/**
 * The anchor of an operation on /reference. It must stay identical to the operationId that
 * lib/api/openapi-document.ts builds; that module is not importable from here (it pulls in zod schemas
 * and the problem registry), and the rule is one line.
 */
export function operationIdOf(method: string, path: string): string {
  return `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
}

/** A date input's value (`YYYY-MM-DD`, UTC: the action reads it back as midnight UTC). */
export function dateInputValue(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}
