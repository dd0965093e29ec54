/**
 * An example product API: `GET /api/v1/weather?city=London` with a partner's key in `x-api-key`
 * (or `Authorization: Bearer`). Keys are checked in-process by @partner-portal/verifier, synced from the
 * portal; every call appears in the portal's usage a second later.
 * Started by main.ts (see README.md here); tests start it in-process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, nodeHandler, type Verifier } from '@partner-portal/verifier';
import { weatherFor } from './weather';

export async function startWeatherApi(options: { portalUrl: string; credential: string; port?: number; scope?: string; handleSignals?: boolean }): Promise<{
  url: string;
  server: Server;
  verifier: Verifier;
  stop: () => Promise<void>;
}> {
  const verifier = await createVerifier({ portalUrl: options.portalUrl, credential: options.credential, handleSignals: options.handleSignals ?? true });
  const weather = nodeHandler(verifier, { scope: options.scope, endpoint: '/api/v1/weather' }, (req, res, result) => {
    const city = new URL(req.url ?? '/', 'http://weather.local').searchParams.get('city');
    if (!city)
      return void res
        .writeHead(400, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ title: 'Bad Request', status: 400, detail: 'Add ?city=' }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...weatherFor(city), partner: result.organization.name }));
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/api/v1/weather') return void weather(req, res);
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(verifier.status()));
    res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Not Found', status: 404 }));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4100, resolve);
    });
  } catch (error) {
    // A port in use: stop following the portal too, and say so to the caller.
    await verifier.close();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    verifier,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await verifier.close();
    },
  };
}
