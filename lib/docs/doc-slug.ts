// Pure, no 'server-only': the docs editor in the browser imports it as well as lib/docs/save-doc.ts.
import { slugify } from '@/lib/text/slugify';

export const DOC_SLUG_MAX = 80;

/** The slug the editor proposes while the title is typed; the server applies the same rule to a blank slug. */
export function suggestDocSlug(title: string): string {
  return slugify(title, { maxLength: DOC_SLUG_MAX, fallback: 'doc' });
}
