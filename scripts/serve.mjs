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

// Graceful stop, in this order (docs/deploy.md, "Rolling a release"):
//  1. mark the process not ready: /api/health/ready answers 503 from now on (lib/runtime/shutdown.ts);
//  2. after SHUTDOWN_DRAIN_MS (default 0; set it to a few health-check intervals of a balancer that polls
//     readiness) stop accepting connections: server.close(), idle keep-alive connections closed at once,
//     busy ones closed as soon as their answer is written;
//  3. once the last request in flight has finished (or SHUTDOWN_TIMEOUT_MS, default 10 s, has passed: then
//     the connections still open, e.g. live streams, are cut), run the app's shutdown hooks
//     (lib/runtime/shutdown.ts; the runtime's stopRuntime stops the jobs and flushes metering and
//     last-used), then exit 0. The hooks get 10 s; a second signal exits at once with code 1.
async function runShutdownHooks() {
  for (const [name, hook] of globalThis.__partnerPortalShutdownHooks ?? []) {
    try {
      await hook();
    } catch (error) {
      console.error(`[shutdown] ${name} failed:`, error?.message ?? error);
    }
  }
}
const msFromEnv = (value, fallback) => (value !== undefined && value !== '' && Number(value) >= 0 ? Number(value) : fallback);
const drainMs = msFromEnv(process.env.SHUTDOWN_DRAIN_MS, 0);
const shutdownTimeoutMs = msFromEnv(process.env.SHUTDOWN_TIMEOUT_MS, 10_000);
let stopping = false;
let hooksStarted = false;
function runHooksAndExit(why) {
  if (hooksStarted) return;
  hooksStarted = true;
  console.log(`[shutdown] ${why}; running the shutdown hooks`);
  setTimeout(() => {
    console.error('[shutdown] the shutdown hooks did not finish within 10 s: exiting');
    process.exit(1);
  }, 10_000).unref();
  void runShutdownHooks().finally(() => process.exit(0));
}
function shutDown(signal) {
  if (stopping) {
    console.error(`[shutdown] ${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  globalThis.__partnerPortalShuttingDown = true; // 1. readiness answers 503 (lib/runtime/shutdown.ts)
  console.log(`[shutdown] ${signal}: not ready; ${drainMs ? `draining for ${drainMs} ms, then ` : ''}closing the listener`);
  setTimeout(() => {
    // 2. No new connections; 3. the hooks once the requests in flight have been answered.
    // Keep-alive connections busy now become idle once answered: closed then too (checked every 100 ms).
    const closeIdle = setInterval(() => server.closeIdleConnections?.(), 100);
    server.close(() => {
      clearInterval(closeIdle);
      runHooksAndExit('requests in flight finished');
    });
    server.closeIdleConnections?.();
    setTimeout(() => {
      server.closeAllConnections?.();
      runHooksAndExit(`connections still open after ${shutdownTimeoutMs} ms were closed`);
    }, shutdownTimeoutMs).unref();
  }, drainMs);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shutDown(signal));
