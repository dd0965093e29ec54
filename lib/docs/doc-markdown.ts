/** A doc as one Markdown file: its title as the heading, then its text (what `.md` serves and "Copy as Markdown" copies). */
export function docAsMarkdown(doc: { title: string; content: string }): string {
  return `# ${doc.title}\n\n${doc.content.trim()}\n`;
}
