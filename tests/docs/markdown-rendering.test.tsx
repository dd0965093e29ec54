import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownContent } from '@/components/markdown/markdown-content';
import { tableOfContents } from '@/components/markdown/table-of-contents';
import { TableOfContentsNav } from '@/components/markdown/table-of-contents-nav';

function render(markdown: string): string {
  return renderToStaticMarkup(<MarkdownContent markdown={markdown} />);
}

/** Every start tag of one element name, e.g. all `<a …>` tags. */
function tags(html: string, name: string): string[] {
  return html.match(new RegExp(`<${name}(?=[\\s>/])[^>]*>`, 'gi')) ?? [];
}

/** The ids of the rendered headings of the given levels, in document order. */
function headingIds(html: string, levels = '1-6'): string[] {
  return [...html.matchAll(new RegExp(`<h[${levels}]\\b[^>]*\\sid="([^"]*)"`, 'g'))].map((match) => match[1] ?? '');
}

// "javascript:" with anything the browser ignores between the letters (tabs, newlines, spaces).
const javascriptScheme = /j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i;

describe('raw HTML is never rendered', () => {
  it('drops a script element, its content included', () => {
    const html = render('Before\n\n<script>alert(1)</script>\n\nAfter');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert(1)');
    expect(html).toContain('Before');
    expect(html).toContain('After');
  });

  it('drops an image with an event handler, inline or as a block', () => {
    for (const markdown of ['<img src=x onerror="alert(1)">', 'Text <img src=x onerror="alert(1)"> text']) {
      const html = render(markdown);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/onerror/i);
    }
  });

  it('drops inline HTML such as an iframe or a link with a handler', () => {
    const html = render('a <iframe src="https://evil.example"></iframe> b <a href="#" onclick="alert(1)">x</a>');
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/onclick/i);
  });
});

describe('unsafe URLs are inert', () => {
  const links = [
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](   javascript:alert(1))',
    '[click](java&#x09;script:alert(1))',
    '[click](&#106;avascript:alert(1))',
    '[click](javascript&colon;alert(1))',
    '[click](<javascript:alert(1)>)',
    '[click][ref]\n\n[ref]: javascript:alert(1)',
    '[click](vbscript:msgbox(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  ];

  it.each(links)('%s keeps its text and is no link', (markdown) => {
    const html = render(markdown);
    expect(html).not.toMatch(javascriptScheme);
    expect(html).not.toMatch(/vbscript|data:/i);
    expect(tags(html, 'a')).toEqual([]);
    expect(html).toContain('click');
  });

  it.each([
    '![x](javascript:alert(1))',
    '![x](JAVASCRIPT:alert(1))',
    '![x](&#106;avascript:alert(1))',
    '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  ])('%s renders no image', (markdown) => {
    const html = render(markdown);
    expect(tags(html, 'img')).toEqual([]);
    expect(html).not.toMatch(javascriptScheme);
    expect(html).not.toMatch(/data:/i);
  });

  it('shows an autolink to javascript: as plain text, never as a link', () => {
    const html = render('<javascript:alert(1)>');
    // The autolink's text is the URL itself: it stays readable, but nothing on the page points to it.
    expect(tags(html, 'a')).toEqual([]);
    expect(html).not.toMatch(/\s[\w-]+="[^"]*javascript:/i);
  });

  it('keeps safe images', () => {
    const [img] = tags(render('![Usage chart](https://cdn.example.com/chart.png)'), 'img');
    expect(img).toContain('src="https://cdn.example.com/chart.png"');
    expect(img).toContain('alt="Usage chart"');
  });
});

describe('links', () => {
  it('opens external links in a new tab without giving the page a handle on the portal', () => {
    for (const href of ['https://example.com/docs', 'http://example.com', '//cdn.example.com/file']) {
      const [a] = tags(render(`[site](${href})`), 'a');
      expect(a).toContain(`href="${href}"`);
      expect(a).toContain('target="_blank"');
      expect(a).toContain('rel="noopener noreferrer"');
    }
    expect(render('[site](https://example.com)')).toContain('(opens in a new tab)');
  });

  it('keeps relative links and in-page anchors in the same tab', () => {
    for (const href of ['./authentication', '/docs/keys', '#rate-limits', 'mailto:support@example.com']) {
      const [a] = tags(render(`[here](${href})`), 'a');
      expect(a).toContain(`href="${href}"`);
      expect(a).not.toContain('target=');
      expect(a).not.toContain('rel=');
    }
  });

  it('links bare URLs (GFM autolink literals)', () => {
    const [a] = tags(render('See https://example.com/status for uptime.'), 'a');
    expect(a).toContain('href="https://example.com/status"');
  });
});

describe('GFM', () => {
  it('renders a table inside a horizontally scrollable, focusable region', () => {
    const html = render('| Header | Value |\n| :-- | --: |\n| rate | 100 |');
    expect(html).toMatch(/<div role="region" aria-label="Table" tabindex="0" class="[^"]*overflow-x-auto[^"]*"><table/);
    expect(html).toContain('<th');
    expect(html).toContain('>100</td>');
    expect(html).toContain('text-align:right');
  });

  it('renders task list items as visible, disabled checkboxes', () => {
    const [done, todo, ...rest] = tags(render('- [x] done\n- [ ] todo'), 'input');
    expect(rest).toEqual([]);
    expect(done).toContain('type="checkbox"');
    expect(done).toMatch(/\sdisabled(=""|\s|\/|>)/);
    expect(done).toMatch(/\schecked(=""|\s|\/|>)/);
    expect(todo).toMatch(/\sdisabled(=""|\s|\/|>)/);
    expect(todo).not.toContain('checked');
  });

  it('renders strikethrough', () => {
    expect(render('~~v1 endpoint~~')).toMatch(/<del[^>]*>v1 endpoint<\/del>/);
  });
});

describe('code', () => {
  const markdown = 'Call `verifyKey` first.\n\n```ts\nconst limit: number = 100; // per minute\n```';

  it('highlights a fenced block and offers to copy it, with its language shown', () => {
    const html = render(markdown);
    expect(html).toContain('class="hljs language-ts"');
    expect(html).toMatch(/<span class="hljs-keyword">const<\/span>/);
    expect(html).toMatch(/<span class="hljs-number">100<\/span>/);
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toMatch(/>ts<\/span>/);
    expect(tags(html, 'pre')).toHaveLength(1);
  });

  it('keeps inline code inline', () => {
    const html = render(markdown);
    expect(html).toMatch(/<p[^>]*>Call <code[^>]*>verifyKey<\/code> first\.<\/p>/);
  });

  it('renders a block in an unknown language as plain text, still copyable', () => {
    const html = render('```brainfudge\n+++.\n```');
    expect(html).toContain('+++.');
    expect(html).not.toContain('hljs-');
    expect(html).toContain('aria-label="Copy code"');
  });
});

describe('headings and the table of contents', () => {
  it('gives sections ids and a keyboard-reachable link to themselves', () => {
    const html = render('## Getting started\n\n### Create a key\n\n#### Scopes');
    for (const id of ['getting-started', 'create-a-key', 'scopes']) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toMatch(new RegExp(`<a href="#${id}" aria-label="Link to this section" class="[^"]*focus-visible:opacity-100`));
    }
  });

  it('suffixes duplicate headings, counting every level', () => {
    const html = render('# Setup\n\n## Setup\n\n### Setup\n\n#### Setup\n\n## Setup');
    expect(headingIds(html)).toEqual(['setup', 'setup-1', 'setup-2', 'setup-3', 'setup-4']);
  });

  const document = [
    '# Partner API',
    'Intro with a footnote.[^limits]',
    '## Overview',
    '## Authentication',
    '### API keys',
    '#### Overview',
    '### The `X-Api-Key` header',
    '## Overview',
    '## *Rate* limits & **quotas**[^limits]',
    '### Errors <span>raw</span> HTML',
    '### Status ![badge](https://example.com/b.svg) page',
    '## [Linked](https://example.com) heading',
    '## Déjà vu 🚀',
    'Multi line  \nsetext heading\n---------------',
    '> ## Quoted heading',
    '```md\n## Not a heading\n```',
    '### API keys',
    '[^limits]: Per organization.',
  ].join('\n\n');

  it('lists the h2 and h3 headings with exactly the ids the page renders', () => {
    const html = render(document);
    const toc = tableOfContents(document);
    // The footnotes section's visually hidden heading is the one h2 that is not a section of the document.
    const rendered = headingIds(html, '23').filter((id) => id !== 'footnote-label');
    expect(toc.map((item) => item.id)).toEqual(rendered);
    expect(rendered).toContain('overview-2');
    expect(toc.map((item) => item.depth)).toEqual(
      [...html.matchAll(/<h([23])\b[^>]*\sid="([^"]*)"/g)].filter((match) => match[2] !== 'footnote-label').map((match) => Number(match[1])),
    );
    // Every id in the list is a real target on the page.
    for (const { id } of toc) expect(html).toContain(`id="${id}"`);
  });

  it('lists headings in order with their visible text and no footnote or code-block headings', () => {
    const toc = tableOfContents(document);
    expect(toc.map(({ depth, text }) => `${depth} ${text}`)).toEqual([
      '2 Overview',
      '2 Authentication',
      '3 API keys',
      '3 The X-Api-Key header',
      '2 Overview',
      '2 Rate limits & quotas',
      '3 Errors raw HTML',
      '3 Status page',
      '2 Linked heading',
      '2 Déjà vu 🚀',
      '2 Multi line setext heading',
      '2 Quoted heading',
      '3 API keys',
    ]);
    const ids = toc.map((item) => item.id);
    expect(ids.filter((id) => id.startsWith('overview'))).toEqual(['overview', 'overview-2']);
    expect(ids.at(-1)).toBe('api-keys-1');
    expect(ids).not.toContain('footnote-label');
    expect(ids).not.toContain('not-a-heading');
  });

  it('shows "On this page" links to those ids, and nothing for a single section', () => {
    const items = tableOfContents('## Keys\n\n### Rotate\n\n## Usage');
    const html = renderToStaticMarkup(<TableOfContentsNav items={items} />);
    expect(html).toMatch(/^<nav aria-label="On this page"/);
    expect(html).toContain('On this page</h2>');
    expect(tags(html, 'a').map((a) => a.match(/href="([^"]*)"/)?.[1])).toEqual(['#keys', '#rotate', '#usage']);
    expect(renderToStaticMarkup(<TableOfContentsNav items={tableOfContents('## Only one')} />)).toBe('');
    expect(renderToStaticMarkup(<TableOfContentsNav items={[]} />)).toBe('');
  });
});
