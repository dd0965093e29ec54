import type { IncomingMessage, ServerResponse } from 'node:http';
import { readApiKey } from './key-format';
import { statusOfCode, type VerifyResult } from './types';
import type { Verifier } from './verifier';

/**
 * Middleware for the usual servers, each a few lines on top of `verify`. A refusal is answered as the
 * portal's own guard answers: problem+json with the status of the code (401, 403, 429; 503 when stale).
 */
export interface GuardOptions {
  /** The scope the routes need. */
  scope?: string;
  /** The route pattern to meter under (default: the request path). */
  endpoint?: string;
  /** Take the client address from the last `X-Forwarded-For` entry (behind one proxy you trust). */
  trustProxy?: boolean;
}

const titles: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests', 503: 'Service Unavailable' };

/** The problem+json body and headers for a refusal. */
export function refusal(result: Extract<VerifyResult, { valid: false }>): { status: number; headers: Record<string, string>; body: string } {
  const status = statusOfCode[result.code];
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (result.rateLimit) {
    headers['ratelimit-limit'] = String(result.rateLimit.limit);
    headers['ratelimit-remaining'] = String(result.rateLimit.remaining);
    headers['ratelimit-reset'] = String(result.rateLimit.reset);
    if (status === 429) headers['retry-after'] = String(result.rateLimit.reset);
  }
  return { status, headers, body: JSON.stringify({ type: 'about:blank', title: titles[status] ?? 'Error', status, code: result.code }) };
}

function nodeIp(req: IncomingMessage, trustProxy: boolean | undefined): string | undefined {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  if (typeof forwarded === 'string' && forwarded) return forwarded.split(',').pop()!.trim();
  return req.socket.remoteAddress ?? undefined;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/** Verifies a Node `http` request; answers the refusal itself and returns null, or returns the valid result. */
export async function verifyNodeRequest(
  verifier: Verifier,
  req: IncomingMessage,
  res: ServerResponse,
  options: GuardOptions = {},
): Promise<Extract<VerifyResult, { valid: true }> | null> {
  const key = readApiKey(header(req.headers.authorization), header(req.headers['x-api-key']));
  const result = await verifier.verify(key, {
    scope: options.scope,
    ip: nodeIp(req, options.trustProxy),
    endpoint: options.endpoint ?? (req.url ?? '/').split('?')[0],
    method: req.method,
  });
  if (result.valid) {
    res.setHeader('ratelimit-limit', String(result.rateLimit.limit));
    res.setHeader('ratelimit-remaining', String(result.rateLimit.remaining));
    res.setHeader('ratelimit-reset', String(result.rateLimit.reset));
    return result;
  }
  const answer = refusal(result);
  res.writeHead(answer.status, answer.headers).end(answer.body);
  return null;
}

/** Node `http`: `http.createServer(nodeHandler(verifier, { scope }, (req, res, result) => …))`. */
export function nodeHandler(
  verifier: Verifier,
  options: GuardOptions,
  handler: (req: IncomingMessage, res: ServerResponse, result: Extract<VerifyResult, { valid: true }>) => void | Promise<void>,
) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const result = await verifyNodeRequest(verifier, req, res, options);
    if (result) await handler(req, res, result);
  };
}

/** Express (or Connect): `app.use(expressMiddleware(verifier, { scope }))`; the result is `req.verification`. */
export function expressMiddleware(verifier: Verifier, options: GuardOptions = {}) {
  return (req: IncomingMessage & { verification?: VerifyResult }, res: ServerResponse, next: (error?: unknown) => void) => {
    verifyNodeRequest(verifier, req, res, options).then((result) => {
      if (result) {
        req.verification = result;
        next();
      }
    }, next);
  };
}

/** Fastify: `app.addHook('onRequest', fastifyHook(verifier, { scope }))`; the result is `request.verification`. */
export function fastifyHook(verifier: Verifier, options: GuardOptions = {}) {
  return async (request: { raw: IncomingMessage; verification?: VerifyResult }, reply: { raw: ServerResponse; hijack(): void }): Promise<void> => {
    const result = await verifyNodeRequest(verifier, request.raw, reply.raw, options);
    if (result) request.verification = result;
    else reply.hijack(); // already answered on the raw response
  };
}

/** Fetch-style handlers (Next.js route handlers, Hono, Bun, Deno): `export const GET = withVerifier(verifier, { scope }, (request, result) => …)`. */
export function withVerifier(
  verifier: Verifier,
  options: GuardOptions & { ip?: (request: Request) => string | undefined },
  handler: (request: Request, result: Extract<VerifyResult, { valid: true }>) => Response | Promise<Response>,
) {
  return async (request: Request): Promise<Response> => {
    const key = readApiKey(request.headers.get('authorization'), request.headers.get('x-api-key'));
    const result = await verifier.verify(key, {
      scope: options.scope,
      ip: options.ip?.(request),
      endpoint: options.endpoint ?? new URL(request.url).pathname,
      method: request.method,
    });
    if (!result.valid) {
      const answer = refusal(result);
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }
    return handler(request, result);
  };
}
