// The production HTTP server: `next start` plus what Next.js does not do. It records the socket's
// address. Next keeps a client-sent `X-Forwarded-For` as it is, so behind no proxy a caller could claim
// any IP and pass a key's IP allowlist. Here the header always ends with the address the connection came
// from: it replaces what the client sent when no proxy is trusted (TRUST_PROXY_HOPS unset), and is
// appended after what the trusted proxies wrote otherwise. lib/http/client-ip.ts reads it back.
// Before Next.js, scripts/server-guards.mjs answers what Next.js would make a 500 or an empty answer of:
// methods it does not route on /api/v1 (TRACE, …) and server actions posted from another origin (403).
//   node scripts/serve.mjs [-p 3000] [-H 0.0.0.0]
import http from 'node:http';
import next from 'next';
import { guardRequest } from './server-guards.mjs';

const args = process.argv.slice(2);
const flag = (short, long, fallback) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(flag('-p', '--port', process.env.PORT ?? '3000'));
const hostname = flag('-H', '--hostname', process.env.HOSTNAME ?? '0.0.0.0');
const trustedHops = Number.parseInt(process.env.TRUST_PROXY_HOPS ?? '', 10) > 0;

const app = next({ dev: false, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  const socketAddress = req.socket.remoteAddress ?? 'unknown';
  const sent = req.headers['x-forwarded-for'];
  req.headers['x-forwarded-for'] = trustedHops && sent ? `${sent}, ${socketAddress}` : socketAddress;
  // Methods Next.js does not route on /api/v1, and cross-origin server actions (a 403, not Next's 500): server-guards.mjs.
  const refused = guardRequest(req);
  if (refused) {
    res.writeHead(refused.status, refused.headers);
    res.end(refused.body);
    return;
  }
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`▲ Partner Portal ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`));

// Graceful stop: stop accepting connections, let requests in flight finish, run the app's shutdown hooks
// (lib/lifecycle/shutdown-hooks.ts: flushing in-memory batches), then exit. At most 10 s.
async function runShutdownHooks() {
  for (const [name, hook] of globalThis.__partnerPortalShutdownHooks ?? []) {
    try {
      await hook();
    } catch (error) {
      console.error(`[shutdown] ${name} failed:`, error?.message ?? error);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(() => void runShutdownHooks().finally(() => process.exit(0)));
    server.closeIdleConnections?.();
  });
}
