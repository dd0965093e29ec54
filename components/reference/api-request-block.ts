/** `GET /api/v1/me` (and an optional body after a blank line); null when the block is not a request line. */
export function parseApiRequestBlock(text: string): { method: string; path: string; body: string | null } | null {
  const [first = '', ...rest] = text.replace(/\r\n/g, '\n').trim().split('\n');
  const match = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/\S*)$/.exec(first.trim());
  if (!match) return null;
  const body = rest.join('\n').trim();
  return { method: match[1]!, path: match[2]!, body: body || null };
}
