/** Where a doc is read; the version and slug are validated on save, but encoding keeps odd ones safe. */
export function docHref(apiVersion: string, slug: string): string {
  return `/docs/${encodeURIComponent(apiVersion)}/${encodeURIComponent(slug)}`;
}

/** Where staff edit a doc. */
export function docEditHref(docId: string): string {
  return `/docs/manage/${encodeURIComponent(docId)}`;
}

/** The reader's list of one version. */
export function docsVersionHref(apiVersion: string): string {
  return `/docs?version=${encodeURIComponent(apiVersion)}`;
}

/** The editor's "Visible to" choice of a public doc (never an organization id: those start with `org_`). */
export const PUBLIC_AUDIENCE = 'public';

/** A doc's raw Markdown, served with the same visibility as its page. */
export const docMarkdownHref = (version: string, slug: string) => `${docHref(version, slug)}.md`;
