import { z } from 'zod';
import { filterText, isStorableDate } from '@/lib/validation/storable';

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// Unstorable text (NUL, lone surrogates) or a day Postgres cannot store (0000-01-01) is an ignored filter.
const text = filterText;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => isStorableDate(new Date(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);

export interface AuditFilters {
  /** Email or id of the actor (user or key prefix). */
  actor?: string;
  /** An exact action (`key.create`) or a family (`key.`). */
  action?: string;
  /** The target's id. */
  target?: string;
  /** One organization's entries (staff; a partner's view is its own organization anyway). */
  partner?: string;
  /** Days, UTC, inclusive. */
  from?: string;
  to?: string;
}

export function parseAuditFilters(params: SearchParams): AuditFilters {
  return {
    actor: text(254).parse(first(params.actor)),
    action: text(80).parse(first(params.action)),
    target: text(100).parse(first(params.target)),
    partner: text(64).parse(first(params.partner)),
    from: day.parse(first(params.from)),
    to: day.parse(first(params.to)),
  };
}

/** The same filters as URL parameters, for links such as the CSV export. */
export function auditFiltersToSearch(filters: AuditFilters & { q?: string }): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params.toString();
}
