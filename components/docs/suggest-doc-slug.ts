/**
 * The slug the editor proposes while the title is typed. The same rule as the server's `suggestDocSlug`
 * (lib/docs/save-doc.ts, through `slugify`), repeated here because that module is server-only: a
 * browser-side copy keeps the field live without a round trip, and the server re-checks what is sent.
 */
export const DOC_SLUG_MAX = 80;

export function suggestDocSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, DOC_SLUG_MAX)
    .replace(/-+$/, '');
  return slug || 'doc';
}
