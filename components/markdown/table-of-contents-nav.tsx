import { cn } from '@/components/ui/cn';
import type { TableOfContentsItem } from './table-of-contents';

export interface TableOfContentsNavProps {
  /** From `tableOfContents(markdown)`: the same ids as the headings `MarkdownContent` renders. */
  items: TableOfContentsItem[];
  className?: string;
}

/** "On this page": links to the document's h2 and h3 sections; nothing for a document with fewer than two. */
export function TableOfContentsNav({ items, className }: TableOfContentsNavProps) {
  // A single entry only points at what is already on screen.
  if (items.length < 2) return null;
  return (
    <nav aria-label="On this page" className={cn('text-sm', className)}>
      <h2 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">On this page</h2>
      <ul className="space-y-1 border-l border-zinc-200">
        {items.map((item) => (
          <li key={item.id}>
            <a
              href={`#${item.id}`}
              className={cn(
                '-ml-px block border-l border-transparent py-1 pr-2 leading-5 text-zinc-600 hover:border-zinc-400 hover:text-zinc-900',
                item.depth === 3 ? 'pl-6' : 'pl-3',
              )}
            >
              {item.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
