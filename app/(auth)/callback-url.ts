/**
 * Where to go after signing in, when it is a path on this site. Anything else (`https://…`,
 * protocol-relative `//evil.test`, `/\evil.test` which browsers read as `//`) is dropped: an open
 * redirect after a sign-in is a phishing tool.
 */
export function safeCallbackUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  if (value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return null;
  return value;
}
