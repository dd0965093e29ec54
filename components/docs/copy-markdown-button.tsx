'use client';

import { FileText } from 'lucide-react';
import { CopyButton } from '@/components/ui/copy-button';

/** "Copy as Markdown" (for a language model or an issue) beside a link to the raw `.md`; a refused clipboard says so. */
export function CopyMarkdownButton({ markdown, href }: { markdown: string; href: string }) {
  return (
    <CopyButton value={markdown} text="Copy as Markdown" icon={FileText} variant="secondary" blockedHint="Copying is blocked: open the Markdown instead">
      <a href={href} className="rounded text-xs font-medium text-indigo-700 underline-offset-4 hover:underline">
        View .md
      </a>
    </CopyButton>
  );
}
