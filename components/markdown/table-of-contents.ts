import type { Element, ElementContent, Root } from 'hast';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

export interface TableOfContentsItem {
  depth: 2 | 3;
  /** The heading's text as the reader sees it (no Markdown, no HTML). */
  text: string;
  /** The heading's `id` in the page that `MarkdownContent` renders. */
  id: string;
}

/*
 * The ids come from running the same steps as `MarkdownContent` up to rehype-slug (remark-parse, remark-gfm,
 * remark-rehype, rehype-slug), not from re-slugging the Markdown heading text: rehype-slug slugs the HTML
 * heading's text, which differs from the Markdown's in ways that are easy to miss (a footnote reference
 * adds its number: "## Limits[^1]" gets the id `limits1`), and every heading of every depth counts for
 * the duplicate suffixes (`-1`, `-2`). Same plugins, same ids.
 * `allowDangerousHtml` as react-markdown sets it: raw HTML then stays out of the text, as it does there.
 */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeSlug);

/** The h2 and h3 headings of a Markdown document, in document order, with the ids they render with. */
export function tableOfContents(markdown: string): TableOfContentsItem[] {
  const tree: Root = processor.runSync(processor.parse(markdown));
  const items: TableOfContentsItem[] = [];
  collect(tree.children, items);
  return items;
}

function collect(nodes: Root['children'] | ElementContent[], items: TableOfContentsItem[]): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    // GFM's footnotes section: its heading is generated and visually hidden, not a section of the document.
    if (node.properties.dataFootnotes) continue;
    const depth = headingDepth(node);
    if (depth) {
      const id = node.properties.id;
      const text = node.children.map(visibleText).join('').replace(/\s+/g, ' ').trim();
      if (typeof id === 'string' && id) items.push({ depth, text, id });
      continue;
    }
    collect(node.children, items);
  }
}

function headingDepth(node: Element): 2 | 3 | undefined {
  return node.tagName === 'h2' ? 2 : node.tagName === 'h3' ? 3 : undefined;
}

/** The heading's text without its footnote references: "Setup[^1]" is listed as "Setup", not "Setup1". */
function visibleText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' || node.properties.dataFootnoteRef) return '';
  return node.children.map(visibleText).join('');
}
