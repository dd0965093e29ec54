/**
 * `pathname` with the current query changed: `null` or `''` removes a parameter. Used for every
 * sort, page and filter change so that the URL is the table's only state.
 */
export function hrefWith(
  pathname: string,
  current: URLSearchParams | ReadonlyURLSearchParamsLike,
  changes: Record<string, string | number | null | undefined>,
): string {
  const next = new URLSearchParams(current.toString());
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') next.delete(name);
    else next.set(name, String(value));
  }
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

interface ReadonlyURLSearchParamsLike {
  toString(): string;
}
