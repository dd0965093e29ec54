/** Quotes a value for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The console's request as a curl command. The key is always the `$PORTAL_API_KEY` variable, never
 * the pasted value: the command is meant to be copied into terminals, tickets and chat.
 */
export function curlCommand({
  method,
  url,
  needsKey,
  headers,
  body,
}: {
  method: string;
  url: string;
  needsKey: boolean;
  headers: [string, string][];
  body: string | null;
}): string {
  const lines = [`curl${method === 'GET' ? '' : ` -X ${method}`} ${shellQuote(url)}`];
  // Double quotes so that the shell expands the variable.
  if (needsKey) lines.push(`-H "Authorization: Bearer $PORTAL_API_KEY"`);
  for (const [name, value] of headers) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (body !== null) lines.push(`-d ${shellQuote(body)}`);
  return lines.join(' \\\n  ');
}
