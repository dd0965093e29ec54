import { InlineCode } from '@/components/reference/inline-code';

/**
 * An endpoint's description. Those synced from the OpenAPI document write names in Markdown
 * backticks (`apiVersion`), rendered as the API reference renders them.
 */
export function EndpointDescription({ text }: { text: string }) {
  if (!text) return <span className="text-zinc-500">No description</span>;
  return <InlineCode text={text} />;
}
