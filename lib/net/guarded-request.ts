import 'server-only';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteralOf, isLocalhostName, isPublicAddress, privateDestinationsAllowed } from './public-address';

/**
 * Outbound requests to addresses a partner chose (alert webhooks), refused when they would reach
 * anything but the public internet (SSRF). The guard runs at connection time on the address actually
 * connected to: a `lookup` hook on the socket checks every address a name resolves to (so a name that
 * resolves, or re-resolves, to 127.0.0.1 — DNS rebinding — is refused), and IP literals, which Node
 * connects to without a lookup, are checked before the request is made. Redirects are never followed.
 * `WEBHOOK_ALLOW_PRIVATE_DESTINATIONS=true` turns the guard off, for self-hosters whose receivers are on
 * their own network.
 */

export class BlockedDestinationError extends Error {
  override name = 'BlockedDestinationError';
  constructor(host: string, address?: string) {
    super(`refused: ${host}${address && address !== host ? ` (${address})` : ''} is not a public address`);
  }
}

export type Resolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/** A `lookup` for `net.connect`/`http.request`: resolves with `resolver`, fails when any answer is not public. */
export function guardedLookup(resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const done = callback as (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
    const refuse = (address?: string) => done(new BlockedDestinationError(hostname, address), options.all ? [] : '', 0);
    const allowPrivate = privateDestinationsAllowed();
    if (!allowPrivate && isLocalhostName(hostname)) return refuse();
    resolver(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return done(error, options.all ? [] : '', 0);
      const list = Array.isArray(addresses) ? addresses : [];
      if (list.length === 0) return done(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), options.all ? [] : '', 0);
      // Every answer must be public, not just the first: the connection may try any of them.
      const bad = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (bad) return refuse(bad.address);
      if (options.all) done(null, list);
      else done(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Throws `BlockedDestinationError` when the URL's host is an IP literal (or `localhost`) that is not public. */
export function assertPublicLiteral(url: URL): void {
  if (privateDestinationsAllowed()) return;
  const literal = ipLiteralOf(url.hostname);
  if (literal ? !isPublicAddress(literal) : isLocalhostName(url.hostname)) throw new BlockedDestinationError(url.hostname, literal ?? undefined);
}

export interface GuardedPostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** For tests: answers DNS instead of the system resolver. */
  resolver?: Resolver;
}

/**
 * POSTs `body` and resolves with the answer's status (the body is not read; a redirect is not followed).
 * Rejects on a refused destination (`BlockedDestinationError`), a network or TLS error, or the deadline.
 */
export function guardedPost(url: string, options: GuardedPostOptions): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
      if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error(`unsupported protocol ${target.protocol}`);
      assertPublicLiteral(target);
    } catch (error) {
      return reject(error);
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(target, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
      // A fresh connection each time: no pooled socket to a host checked under other rules.
      agent: false,
      lookup: guardedLookup(options.resolver),
    });
    const deadline = setTimeout(() => {
      const error = new Error(`no answer within ${options.timeoutMs} ms`);
      error.name = 'TimeoutError';
      request.destroy(error);
    }, options.timeoutMs);
    deadline.unref?.();
    request.on('response', (response) => {
      clearTimeout(deadline);
      const status = response.statusCode ?? 0;
      response.destroy();
      request.destroy();
      resolve({ status });
    });
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(options.body);
  });
}
