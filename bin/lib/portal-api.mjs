import { CliError, EXIT_API, printable, usageError } from './cli-error.mjs';

const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * PORTAL_URL (or --url) and PORTAL_API_KEY, checked. Nothing here echoes the key.
 * @param {{ url?: string }} options
 */
export function readConfig(options, env = process.env) {
  const rawUrl = options.url ?? env.PORTAL_URL;
  if (rawUrl === undefined || rawUrl.trim() === '') {
    throw usageError("PORTAL_URL is not set. Set it to the portal's address, e.g. PORTAL_URL=https://portal.example.com (or pass --url).");
  }
  let baseUrl;
  try {
    baseUrl = new URL(rawUrl.trim());
  } catch {
    throw usageError(`${options.url !== undefined ? '--url' : 'PORTAL_URL'} is not a URL. Use the portal's address, e.g. https://portal.example.com.`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw usageError(`${options.url !== undefined ? '--url' : 'PORTAL_URL'} must start with http:// or https:// (it is ${baseUrl.protocol}…).`);
  }
  // A base path is kept (https://example.com/portal/ → /portal/api/v1/…); a trailing slash is optional.
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  baseUrl.search = '';
  baseUrl.hash = '';

  const apiKey = (env.PORTAL_API_KEY ?? '').trim();
  if (apiKey === '') {
    throw usageError('PORTAL_API_KEY is not set. Create an API key with the secrets:read scope in the portal and export it as PORTAL_API_KEY.');
  }
  // Header values cannot hold control characters; say so without printing the key.
  if (/[^\u0020-\u007e]/.test(apiKey)) {
    throw usageError('PORTAL_API_KEY contains spaces or characters that are not printable ASCII; copy the key again.');
  }
  let timeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  if (env.PORTAL_TIMEOUT_SECONDS !== undefined && env.PORTAL_TIMEOUT_SECONDS !== '') {
    const seconds = Number(env.PORTAL_TIMEOUT_SECONDS);
    if (!Number.isFinite(seconds) || seconds <= 0) throw usageError('PORTAL_TIMEOUT_SECONDS must be a positive number of seconds.');
    timeoutMs = seconds * 1000;
  }
  return { baseUrl, apiKey, timeoutMs };
}

/** The address as shown in messages: origin and base path, without any user:password. */
export function shownOrigin(baseUrl) {
  const path = baseUrl.pathname === '/' ? '' : baseUrl.pathname.replace(/\/$/, '');
  return `${baseUrl.protocol}//${baseUrl.host}${path}`;
}

const isLoopback = (hostname) => hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);

/** A warning when the key and the secrets would cross the network unencrypted. */
export function plainHttpWarning(baseUrl) {
  if (baseUrl.protocol === 'http:' && !isLoopback(baseUrl.hostname)) {
    return `warning: ${shownOrigin(baseUrl)} is plain http; the API key and the secrets travel unencrypted. Use https://.`;
  }
  return null;
}

/**
 * GET /api/v1/secrets?environment=…[&format=dotenv]. Resolves with the body of a 200 (a string for
 * dotenv, the parsed document for json); throws a CliError with a one-line explanation otherwise.
 *
 * @param {{ baseUrl: URL, apiKey: string, timeoutMs: number, environment: string, format: 'dotenv' | 'json', userAgent: string }} request
 */
export async function fetchSecrets({ baseUrl, apiKey, timeoutMs, environment, format, userAgent }) {
  const url = new URL('api/v1/secrets', baseUrl);
  url.username = '';
  url.password = '';
  url.searchParams.set('environment', environment);
  if (format === 'dotenv') url.searchParams.set('format', 'dotenv');

  const answer = await get(
    url,
    {
      authorization: `Bearer ${apiKey}`,
      accept: format === 'dotenv' ? 'text/plain, application/problem+json' : 'application/json, application/problem+json',
      'user-agent': userAgent,
    },
    baseUrl,
    timeoutMs,
  );

  const where = shownOrigin(baseUrl);
  const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
  if (answer.status === 200) {
    if (format === 'dotenv') {
      if (!contentType.startsWith('text/plain')) throw notThePortal(where, answer.status, contentType);
      return answer.body;
    }
    let document;
    try {
      document = contentType.includes('json') ? JSON.parse(answer.body) : undefined;
    } catch {
      document = undefined;
    }
    if (!isSecretsDocument(document)) throw notThePortal(where, answer.status, contentType);
    return document;
  }
  throw explainRefusal(answer, { environment, where, apiKey });
}

function isSecretsDocument(document) {
  return (
    typeof document === 'object' &&
    document !== null &&
    Array.isArray(document.secrets) &&
    document.secrets.every((s) => typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.value === 'string')
  );
}

function notThePortal(where, status, contentType) {
  return new CliError(`${where} answered ${status} (${contentType || 'no content type'}), which is not the portal's secrets API. Check PORTAL_URL.`, EXIT_API);
}

const SYSCALL_HINTS = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve right now',
  ECONNREFUSED: 'nothing listens there',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
};

/** One request, no redirects followed (they would carry the key elsewhere), bounded by `timeoutMs` as a whole. */
async function get(url, headers, baseUrl, timeoutMs) {
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const where = shownOrigin(baseUrl);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const timer = setTimeout(() => {
      finish(reject, new CliError(`no answer from ${where} within ${timeoutMs / 1000} s. Check PORTAL_URL, or try again later.`, EXIT_API));
      request.destroy();
    }, timeoutMs);

    const request = client.request(url, { method: 'GET', headers, agent: false }, (response) => {
      const chunks = [];
      let size = 0;
      response.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish(reject, new CliError(`the answer from ${where} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; stopped reading it.`, EXIT_API));
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(resolve, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => finish(reject, connectionError(error, where)));
    });
    request.on('error', (error) => finish(reject, connectionError(error, where)));
    request.end();
  });
}

function connectionError(error, where) {
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  if (code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN') {
    return usageError('PORTAL_API_KEY contains characters that cannot be sent in a header; copy the key again.');
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new CliError(
      `cannot reach ${where} securely (${code}): its TLS certificate was not accepted. Check PORTAL_URL; for a private CA set NODE_EXTRA_CA_CERTS.`,
      EXIT_API,
    );
  }
  const hint = SYSCALL_HINTS[code];
  return new CliError(`cannot reach ${where} (${code || printable(error?.message ?? error, 120)}${hint ? `: ${hint}` : ''}). Check PORTAL_URL.`, EXIT_API);
}

function parseProblem(answer) {
  const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.includes('json')) return null;
  try {
    const body = JSON.parse(answer.body);
    return typeof body === 'object' && body !== null ? body : null;
  } catch {
    return null;
  }
}

/** One line for a refusal, from its status and problem `type` (the part after `#`). */
export function explainRefusal(answer, { environment, where, apiKey }) {
  const { status } = answer;
  const problem = parseProblem(answer);
  const type = typeof problem?.type === 'string' ? problem.type.slice(problem.type.lastIndexOf('#') + 1) : '';
  const detail = printable(problem?.detail ?? '');
  const requestId = printable(problem?.requestId ?? answer.headers['x-request-id'] ?? '', 60);
  const ref = requestId ? ` (request ${requestId})` : '';
  const withDetail = (text) => (detail ? `${text}: ${detail}` : `${text}.`);
  const fail = (message) => new CliError(`${message}${ref}`, EXIT_API);

  if (status >= 300 && status < 400) {
    const location = printable(answer.headers.location ?? '', 200);
    return new CliError(
      `${where} redirects (${status}${location ? ` to ${location}` : ''}). Set PORTAL_URL to the portal's final address (redirects are not followed, so the key is not sent elsewhere).`,
      EXIT_API,
    );
  }
  if (!problem) {
    if (status >= 500) return fail(`the server failed (${status}). Try again later`);
    return new CliError(`${where} answered ${status} without a problem document; it does not look like the portal's API. Check PORTAL_URL.`, EXIT_API);
  }

  switch (status) {
    case 401: {
      const hint = /^pp_(test|live)_/.test(apiKey) ? '' : ' (it does not look like a portal key, which starts with pp_live_ or pp_test_)';
      return fail(`the API key was refused (401). Check PORTAL_API_KEY${hint}; it may be revoked or expired.`);
    }
    case 403:
      if (type === 'insufficient-scope') return fail('this key lacks the secrets:read scope (403). Create a key with secrets:read in the portal.');
      if (type === 'forbidden') return fail(withDetail(`this key may not read the "${printable(environment, 80)}" environment (403)`));
      if (type === 'organization-inactive') return fail(withDetail('your organization is not active (403)'));
      if (type === 'ip-not-allowed') return fail(withDetail('this key may not be used from this IP address (403)'));
      return fail(withDetail('access refused (403)'));
    case 404:
      // The API's fallback for a route it does not have (an older portal, or a wrong base path).
      if (/^There is no GET /.test(detail)) return fail(`${where} has no secrets API (404). Check PORTAL_URL, or update the portal`);
      return fail(
        `no environment "${printable(environment, 80)}" in your organization (404). Check --env; the environments are listed on the portal's Secrets page.`,
      );
    case 400:
    case 422: {
      const fields =
        problem.errors && typeof problem.errors === 'object' ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${[].concat(v).join(', ')}`) : [];
      const extra = fields.length ? ` (${printable(fields.join('; '), 200)})` : '';
      return fail(`the request was refused (${status})${detail ? `: ${detail}` : ''}${extra}`);
    }
    case 429: {
      if (type === 'quota-exceeded') return fail(withDetail("your organization's monthly quota is used up (429)"));
      const retryAfter = printable(answer.headers['retry-after'] ?? '', 20);
      return fail(`rate limit exceeded (429)${retryAfter ? `; try again in ${retryAfter} s` : '; try again shortly'}.`);
    }
    default:
      if (status >= 500) return fail(`the server failed (${status}). Try again later; if it persists, quote the request id to the portal's support`);
      return fail(withDetail(`unexpected answer ${status} ${printable(problem.title ?? '', 80)}`.trim()));
  }
}
