import './code-theme.css';

import { ArrowUpRight } from 'lucide-react';
import { isValidElement, type ComponentProps, type ElementType, type JSX, type ReactNode } from 'react';
import Markdown, { defaultUrlTransform, type Components, type ExtraProps, type Options } from 'react-markdown';
import rehypeHighlight, { type Options as HighlightOptions } from 'rehype-highlight';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import { cn } from '@/components/ui/cn';
import { CodeBlock } from './code-block';
import { parseApiRequestBlock } from '@/components/reference/api-request-block';
import { ApiRequestSamples } from '@/components/reference/api-request-samples';

export interface MarkdownContentProps {
  /** The Markdown source: GFM, without raw HTML (any HTML in it is dropped). */
  markdown: string;
  className?: string;
}

// table-of-contents.ts parses with the same remark plugins so that its ids are the rendered ones:
// a plugin that changes heading text must be added there too.
const remarkPlugins: Options['remarkPlugins'] = [remarkGfm];
// No language detection: a guess is often wrong on short snippets and costs time on every render.
// A fence with an unknown language is left unhighlighted (rehype-highlight only records a message).
const highlightOptions: HighlightOptions = { detect: false };
const rehypePlugins: Options['rehypePlugins'] = [rehypeSlug, [rehypeHighlight, highlightOptions]];

/**
 * Renders the developer docs' Markdown on the server. Raw HTML is skipped entirely (no element, no text)
 * and URLs go through react-markdown's `defaultUrlTransform`, which empties every protocol but
 * http(s), mailto, irc(s) and xmpp; a link or image left without a URL is rendered as plain text.
 */
export function MarkdownContent({ markdown, className }: MarkdownContentProps) {
  return (
    <div className={cn('text-[15px] leading-7 text-zinc-800 [&>:first-child]:mt-0 [&>:last-child]:mb-0', className)}>
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} skipHtml urlTransform={defaultUrlTransform} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}

type Props<Tag extends keyof JSX.IntrinsicElements> = ComponentProps<Tag> & ExtraProps;

function hasClass(className: string | undefined, name: string): boolean {
  return className?.split(/\s+/).includes(name) ?? false;
}

const headingClasses = {
  h2: 'mt-10 mb-3 border-b border-zinc-200 pb-2 text-xl font-semibold tracking-tight text-zinc-900',
  h3: 'mt-8 mb-2 text-lg font-semibold text-zinc-900',
  h4: 'mt-6 mb-2 text-base font-semibold text-zinc-900',
} as const;

/** An h2–h4 with a "#" link to itself, so that a reader can share a link to the section. */
function sectionHeading(Tag: keyof typeof headingClasses) {
  return function SectionHeading({ node: _node, id, className, children, ...props }: Props<typeof Tag>) {
    // GFM's footnotes section has a visually hidden heading: a visible "#" beside nothing would be odd.
    const anchored = id && !hasClass(className, 'sr-only');
    return (
      // scroll-mt keeps the heading clear of the sticky header when the page jumps to it.
      <Tag id={id} className={cn('group scroll-mt-20', headingClasses[Tag], className)} {...props}>
        {children}
        {anchored ? (
          <a
            href={`#${id}`}
            aria-label="Link to this section"
            className="ml-2 rounded-sm font-normal text-zinc-500 no-underline opacity-0 transition-opacity group-hover:opacity-100 hover:text-indigo-600 focus-visible:opacity-100"
          >
            #
          </a>
        ) : null}
      </Tag>
    );
  };
}

/** Absolute http(s) and protocol-relative URLs leave the portal; everything else (#anchors, /paths, ./relative) stays. */
function isExternal(href: string): boolean {
  return /^(?:https?:)?\/\//i.test(href);
}

function Link({ node: _node, href, className, children, ...props }: Props<'a'>) {
  // defaultUrlTransform empties unsafe URLs (javascript:, data:, vbscript:…): keep the words, drop the link.
  if (!href) return <span className={className}>{children}</span>;
  const linkClass = cn(
    'rounded-sm font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-900 hover:decoration-indigo-600',
    className,
  );
  if (!isExternal(href)) {
    return (
      <a href={href} className={linkClass} {...props}>
        {children}
      </a>
    );
  }
  return (
    // noopener: the opened page gets no handle on this window; noreferrer: partner URLs stay out of their logs.
    <a href={href} target="_blank" rel="noopener noreferrer" className={linkClass} {...props}>
      {children}
      <ArrowUpRight aria-hidden="true" className="ml-0.5 inline size-3.5 align-[-1px]" />
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

function Image({ node: _node, src, alt, className, ...props }: Props<'img'>) {
  if (typeof src !== 'string' || !src) return alt ? <span className={className}>{alt}</span> : null;
  return (
    // next/image needs every remote host configured up front; docs images may live anywhere.
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={src}
      alt={alt ?? ''}
      loading="lazy"
      decoding="async"
      className={cn('my-4 h-auto max-w-full rounded-lg border border-zinc-200', className)}
      {...props}
    />
  );
}

/** The text of rendered children (highlighting may have split it into spans). */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

function languageOf(className: string | undefined): string | undefined {
  return (
    className
      ?.split(/\s+/)
      .find((name) => name.startsWith('language-'))
      ?.slice('language-'.length) || undefined
  );
}

/** A fenced block: the `code` child is rendered here, not by the inline `code` component below. */
function Pre({ node: _node, children, className, ...props }: Props<'pre'>) {
  if (!isValidElement<ComponentProps<'code'>>(children)) {
    return (
      <pre className={cn('my-5 overflow-x-auto rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3 font-mono text-[13px] leading-6', className)} {...props}>
        {children}
      </pre>
    );
  }
  const { className: codeClassName, children: code } = children.props;
  // ```api-request: one request as code samples in curl, JavaScript, Python and Go, with the language switch.
  const request = languageOf(codeClassName) === 'api-request' ? parseApiRequestBlock(textOf(code)) : null;
  if (request) return <ApiRequestSamples {...request} />;
  return (
    <CodeBlock language={languageOf(codeClassName)}>
      <code className={codeClassName}>{code}</code>
    </CodeBlock>
  );
}

function InlineCode({ node: _node, className, ...props }: Props<'code'>) {
  return <code className={cn('rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[0.875em] text-zinc-900', className)} {...props} />;
}

function Table({ node: _node, className, ...props }: Props<'table'>) {
  return (
    // Focusable so that keyboard users can scroll a wide table; a region so that the focus has a name.
    <div role="region" aria-label="Table" tabIndex={0} className="relative my-6 overflow-x-auto rounded-lg border border-zinc-200">
      <table className={cn('w-full border-collapse text-sm', className)} {...props} />
    </div>
  );
}

// GFM column alignment arrives as an inline `text-align` style, which wins over `text-left`.
function TableHeaderCell({ node: _node, className, ...props }: Props<'th'>) {
  return <th className={cn('border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-left font-semibold text-zinc-900', className)} {...props} />;
}

function TableCell({ node: _node, className, ...props }: Props<'td'>) {
  return <td className={cn('border-t border-zinc-100 px-3 py-2 text-left align-top', className)} {...props} />;
}

function listClasses(className: string | undefined, marker: 'list-disc' | 'list-decimal'): string {
  // A task list's checkboxes are its markers.
  return cn('my-4 space-y-1', hasClass(className, 'contains-task-list') ? 'list-none pl-1' : cn(marker, 'pl-6'), className);
}

function UnorderedList({ node: _node, className, ...props }: Props<'ul'>) {
  return <ul className={listClasses(className, 'list-disc')} {...props} />;
}

function OrderedList({ node: _node, className, ...props }: Props<'ol'>) {
  return <ol className={listClasses(className, 'list-decimal')} {...props} />;
}

function ListItem({ node: _node, className, ...props }: Props<'li'>) {
  return <li className={cn('pl-1 marker:text-zinc-400 [&>ol]:my-1 [&>p]:my-2 [&>ul]:my-1', className)} {...props} />;
}

/** Only task list checkboxes get here (raw HTML is skipped); they show state, they are not a form. */
function Checkbox({ node: _node, className, ...props }: Props<'input'>) {
  // A task list's box: its item's text follows it, the name says its state (a form control needs one).
  return <input {...props} disabled aria-label={props.checked ? 'Done' : 'To do'} className={cn('mr-2 size-4 align-[-3px] accent-indigo-600', className)} />;
}

/** An element that only needs its prose classes. */
function styled<Tag extends keyof JSX.IntrinsicElements>(Tag: Tag, classes: string) {
  return function Styled({ node: _node, className, ...props }: Props<Tag>): ReactNode {
    const Element = Tag as ElementType;
    return <Element className={cn(classes, className)} {...props} />;
  };
}

const components: Components = {
  h1: styled('h1', 'mt-10 mb-4 text-2xl font-semibold tracking-tight text-zinc-900'),
  h2: sectionHeading('h2'),
  h3: sectionHeading('h3'),
  h4: sectionHeading('h4'),
  h5: styled('h5', 'mt-6 mb-2 text-sm font-semibold text-zinc-900'),
  h6: styled('h6', 'mt-6 mb-2 text-sm font-semibold text-zinc-600'),
  p: styled('p', 'my-4'),
  a: Link,
  img: Image,
  pre: Pre,
  code: InlineCode,
  table: Table,
  th: TableHeaderCell,
  td: TableCell,
  ul: UnorderedList,
  ol: OrderedList,
  li: ListItem,
  input: Checkbox,
  blockquote: styled('blockquote', 'my-5 border-l-4 border-zinc-300 pl-4 text-zinc-600 [&>p]:my-2'),
  hr: styled('hr', 'my-8 border-zinc-200'),
  strong: styled('strong', 'font-semibold text-zinc-900'),
  del: styled('del', 'text-zinc-500 line-through'),
  // Raw HTML is skipped, so the only section is the one GFM makes for footnotes.
  section: styled('section', 'mt-10 border-t border-zinc-200 pt-4 text-sm text-zinc-600'),
};
