import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export interface TableQuery<TSort extends string> {
  page: number; // 1-based
  pageSize: number;
  sort: TSort;
  direction: 'asc' | 'desc';
  q: string;
}

export interface TablePage<TRow> {
  rows: TRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Reads `?page&size&sort&dir&q` from a page's search params. Anything malformed falls back to the
 * defaults rather than failing: a hand-edited URL should still show a table.
 */
export function parseTableQuery<TSort extends string>(
  params: SearchParams,
  options: { sortable: readonly [TSort, ...TSort[]]; defaultSort: TSort; defaultDirection?: 'asc' | 'desc' },
): TableQuery<TSort> {
  const schema = z.object({
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    size: z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .catch(25),
    sort: z.enum(options.sortable).catch(options.defaultSort),
    dir: z.enum(['asc', 'desc']).catch(options.defaultDirection ?? 'asc'),
    // A search Postgres cannot store (NUL, a lone surrogate) is no search: the table, not a 500.
    q: storableText().trim().max(200).catch(''),
  });
  const parsed = schema.parse({
    page: first(params.page),
    size: first(params.size),
    sort: first(params.sort),
    dir: first(params.dir),
    q: first(params.q) ?? '',
  });
  return { page: parsed.page, pageSize: parsed.size, sort: parsed.sort as TSort, direction: parsed.dir, q: parsed.q };
}

/** A filter from the URL that must be one of a few values, or absent. */
export function parseEnumParam<T extends string>(params: SearchParams, name: string, values: readonly [T, ...T[]]): T | undefined {
  const parsed = z.enum(values).safeParse(first(params[name]));
  return parsed.success ? parsed.data : undefined;
}

export function pageOf<TRow>(rows: TRow[], total: number, query: { page: number; pageSize: number }): TablePage<TRow> {
  return { rows, total, page: query.page, pageSize: query.pageSize, pageCount: Math.max(1, Math.ceil(total / query.pageSize)) };
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function likePattern(q: string): string {
  return `%${likeEscape(q)}%`;
}
