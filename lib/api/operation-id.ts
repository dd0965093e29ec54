/** An operation's id in the OpenAPI document, and its anchor on /reference: `GET /keys/{id}` → `getKeysId`. */
export function operationIdOf(method: string, path: string): string {
  return `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
}
