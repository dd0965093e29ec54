import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRouteHandler } from '@/lib/api/define-api-route';

// A route file: its method handlers, and its segment config (`dynamic`).
type RouteModule = Record<string, ApiRouteHandler | string>;

const routes: Record<string, () => Promise<RouteModule>> = {
  '/api/v1/verifier/snapshot': () => import('@/app/api/v1/verifier/snapshot/route'),
  '/api/v1/verifier/changes': () => import('@/app/api/v1/verifier/changes/route'),
  '/api/v1/verifier/usage': () => import('@/app/api/v1/verifier/usage/route'),
  '/api/v1/verifier/leases': () => import('@/app/api/v1/verifier/leases/route'),
  '/api/v1/keys/verify': () => import('@/app/api/v1/keys/verify/route'),
};

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/**
 * The portal's real verifier route handlers (and keys/verify) on the test's database, behind a plain
 * HTTP server on a free port, as Next.js would call them (a Request with the client's address in
 * X-Forwarded-For, as scripts/serve.mjs sets it; aborted when the client goes away).
 */
export async function startPortalServer(): Promise<{ url: string; server: Server; stop: () => Promise<void>; blockChanges: (blocked: boolean) => void }> {
  let changesBlocked = false;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://portal.test');
      if (changesBlocked && url.pathname === '/api/v1/verifier/changes') return void res.writeHead(503).end();
      const load = routes[url.pathname];
      if (!load) return void res.writeHead(404).end();
      const handler = (await load())[req.method ?? 'GET'] as ApiRouteHandler | undefined;
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      headers.set('x-forwarded-for', req.socket.remoteAddress ?? '127.0.0.1');
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      const response = await handler!(new Request(url, { method: req.method, headers, body, signal: abort.signal }), { params: Promise.resolve({}) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) {
        const reader = response.body.getReader();
        abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          res.write(value);
        }
      }
      res.end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    /** The change stream answers 503 (the rest of the portal keeps answering): a verifier goes stale. */
    blockChanges: (blocked: boolean) => {
      changesBlocked = blocked;
      if (blocked) server.closeAllConnections();
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
