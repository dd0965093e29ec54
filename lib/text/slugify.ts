/**
 * A URL-safe slug from a name: `Café Münster, Inc.` → `cafe-munster-inc`. Pure, so the browser (the
 * docs editor's live suggestion) and the server use the same rule.
 */
export function slugify(name: string, { maxLength = 48, fallback = 'org' } = {}): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug || fallback;
}
