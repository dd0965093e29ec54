import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export const VERSION = '0.1.0';

/** The verifier's HTTP calls to the portal, with its credential and who it is (for the staff fleet page). */
export class PortalClient {
  readonly instanceId = `vfy_${randomBytes(12).toString('base64url')}`;

  constructor(
    readonly portalUrl: string,
    private readonly credential: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      authorization: `Bearer ${this.credential}`,
      'x-verifier-instance': this.instanceId,
      'x-verifier-version': VERSION,
      'x-verifier-hostname': hostname().slice(0, 100),
      ...extra,
    };
  }

  url(path: string): string {
    return new URL(path, this.portalUrl).toString();
  }

  async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await this.fetchImpl(this.url(path), { headers: this.headers({ accept: 'application/json' }), signal });
    if (!response.ok) throw new PortalError(response.status, await response.text().catch(() => ''));
    return (await response.json()) as T;
  }

  async postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.fetchImpl(this.url(path), {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', accept: 'application/json' }),
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw new PortalError(response.status, await response.text().catch(() => ''));
    return (await response.json()) as T;
  }

  stream(path: string, lastEventId: number, signal: AbortSignal): Promise<Response> {
    return this.fetchImpl(this.url(path), { headers: this.headers({ accept: 'text/event-stream', 'last-event-id': String(lastEventId) }), signal });
  }
}

export class PortalError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`portal answered ${status}: ${body.slice(0, 300)}`);
  }
}
