import 'server-only';
import { resolveOffsetConnection, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { clientError } from './context';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** What a connection field costs: its nodes times the page it asks for (checked before execution). */
export const connectionComplexity = (args: DefaultConnectionArguments) => ({
  field: 1,
  multiplier: Math.max(1, Math.min(args.first ?? args.last ?? DEFAULT_PAGE_SIZE, 1_000)),
});

/**
 * A Relay connection over a lib/ query that pages by `page`/`pageSize` (the tables' queries): the offset
 * window `first`/`after` asks for is read as one page, or two when it straddles a page boundary.
 */
export function pagedConnection<T>(args: DefaultConnectionArguments, fetchPage: (page: number, pageSize: number) => Promise<{ rows: T[] }>) {
  if ((args.first ?? 0) > MAX_PAGE_SIZE || (args.last ?? 0) > MAX_PAGE_SIZE) throw clientError('BAD_USER_INPUT', `A page has at most ${MAX_PAGE_SIZE} items.`);
  return resolveOffsetConnection({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE }, async ({ offset, limit }) => {
    const page = Math.floor(offset / limit) + 1;
    const skip = offset - (page - 1) * limit;
    const first = await fetchPage(page, limit);
    const rows = skip === 0 || first.rows.length < limit ? first.rows : [...first.rows, ...(await fetchPage(page + 1, limit)).rows];
    return rows.slice(skip, skip + limit);
  });
}
