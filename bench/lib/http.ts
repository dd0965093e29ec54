import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** Plain node:http on keep-alive agents: less overhead and more control than fetch for timing. */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request was written and when the whole answer had arrived. */
  sentAt: number;
  answeredAt: number;
}

export function request(
  agent: http.Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sentAt = performance.now();
    const req = http.request(url, { agent, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), sentAt, answeredAt: performance.now() }),
      );
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });

/** Counts of answers by status; failed requests (no answer) under "error". */
export type StatusCounts = Record<string, number>;

/**
 * Sends `targets.length` requests at once (each `GET target`), at most `socketsPerOrigin` in flight per
 * server, and counts the answers by status.
 */
export async function burst(
  targets: string[],
  headers: Record<string, string>,
  socketsPerOrigin: number,
): Promise<{ counts: StatusCounts; elapsedMs: number; sample: Record<string, Answer> }> {
  const agents = new Map<string, http.Agent>();
  const agentFor = (url: string) => {
    const origin = new URL(url).origin;
    let agent = agents.get(origin);
    if (!agent) agents.set(origin, (agent = keepAliveAgent(socketsPerOrigin)));
    return agent;
  };
  const counts: StatusCounts = {};
  const sample: Record<string, Answer> = {};
  const started = performance.now();
  await Promise.all(
    targets.map(async (url) => {
      try {
        const answer = await request(agentFor(url), url, { headers, timeoutMs: 30_000 });
        counts[answer.status] = (counts[answer.status] ?? 0) + 1;
        sample[answer.status] ??= answer;
      } catch {
        counts.error = (counts.error ?? 0) + 1;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  for (const agent of agents.values()) agent.destroy();
  return { counts, elapsedMs, sample };
}

export function describeCounts(counts: StatusCounts): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
}

/** Whether a Redis server answers PING at this URL (plain RESP over TCP; no client library needed). */
export async function redisAnswersPing(url: string, timeoutMs = 2_000): Promise<{ ok: boolean; detail: string }> {
  const net = await import('node:net');
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean, detail: string) => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => done(false, `no answer within ${timeoutMs} ms`));
    socket.on('error', (error) => done(false, error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      const text = data.toString();
      done(text.startsWith('+PONG'), text.trim());
    });
  });
}
