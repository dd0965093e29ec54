import { isIP } from 'node:net';
import { normalizeIp } from '@/lib/http/client-ip';
import { mayHoldApiKey, redactApiKeys } from './redact-keys';

/** One metered request, as the guard hands it to the buffer. */
export interface RequestRecord {
  requestId: string;
  partnerId: string;
  apiKeyId: string;
  method: string;
  path: string;
  /** The route pattern, e.g. `/api/v1/keys/{id}`. */
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  ip: string | null;
  userAgent: string | null;
  errorCode: string | null;
  /** Whether it counts against the key's monthly quota (it passed the guard). */
  billable: boolean;
  occurredAt: number;
}

export function monthKey(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

export function startOfMonth(at: number): Date {
  const d = new Date(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

export function startOfNextMonth(at: number): Date {
  const d = new Date(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/**
 * Every field of a metered request made safe at the edge, before it reaches the buffer, the live view
 * and Postgres: one bad value (a NUL byte in an `endpoint` a service passed to `keys/verify`, a lone
 * surrogate, a megabyte of user agent, `NaN`) must never make a batch fail for everyone. Text loses its
 * control characters (replaced by U+FFFD), lone surrogates and API keys (`redactApiKeys`), and is capped;
 * an IP that is not one becomes null; the method is an upper-case token; numbers are finite; the time is
 * a valid one. Only a record without usable identity (request, organization, key) or status cannot be
 * normalised: it goes to the dead letters.
 */
export const RECORD_LIMITS = { path: 500, endpoint: 300, userAgent: 300, method: 16, errorCode: 64, id: 100 } as const;
// Time within which a request is plausible; anything else is taken as "now" (it was recorded now).
const EARLIEST = Date.UTC(2000, 0, 1);
const MAX_LATENCY_MS = 3_600_000;
// Never run the text rules over more than this: what is beyond is cut anyway.
const SCAN_MAX = 8_192;

// C0 and C1 control characters, DEL; NUL among them (Postgres refuses it in text).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ID = /^[A-Za-z0-9_-]+$/;
// Printable ASCII only: no control character and no surrogate to replace (almost every path and user agent).
const PLAIN = /^[\x20-\x7e]*$/;

/** Text as it may be stored and shown: no control characters, well-formed UTF-16, no API key, at most `max` characters. */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  if (value.length <= max && PLAIN.test(value)) {
    // The common case: one scan instead of three. Redaction may lengthen a short key-like run: cut after it, as below.
    const redacted = redactApiKeys(value);
    return redacted.length > max ? redacted.slice(0, max) : redacted;
  }
  let text = value.length > SCAN_MAX ? value.slice(0, SCAN_MAX) : value;
  text = redactApiKeys(text.replace(CONTROL, '\ufffd'));
  if (text.length > max) text = text.slice(0, max);
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/**
 * Cleaned values by raw value, for what a busy client repeats on every request (its user agent, its IP,
 * the paths it calls): a lookup instead of the regular expressions, and the record keeps one long-lived
 * string instead of a new one per request (which the metering buffer would hold through several
 * collections). Never holds text that looks like it carries a key (`pp_` or `%`). Emptied when full.
 */
class CleanMemo {
  private readonly cleaned = new Map<string, string | null>();
  constructor(private readonly clean: (value: string) => string | null) {}

  get(value: string): string | null {
    const hit = this.cleaned.get(value);
    if (hit !== undefined) return hit;
    const result = this.clean(value);
    if (value.length <= MEMO_MAX_LENGTH && !mayHoldApiKey(value)) {
      if (this.cleaned.size >= MEMO_MAX_ENTRIES) this.cleaned.clear();
      this.cleaned.set(value, result);
    }
    return result;
  }
}
const MEMO_MAX_ENTRIES = 1_000;
const MEMO_MAX_LENGTH = 500;

const userAgents = new CleanMemo((value) => cleanText(value, RECORD_LIMITS.userAgent));
const paths = new CleanMemo((value) => cleanText(value, RECORD_LIMITS.path) || '/');
// Route patterns and GraphQL operation names: a handful per process, and an operation's name is the caller's text.
const endpoints = new CleanMemo((value) => cleanText(value, RECORD_LIMITS.endpoint) || '/');
const ips = new CleanMemo((value) => {
  if (value.length > 64) return null;
  const ip = value.trim().replace(/^\[(.*)\]$/, '$1');
  return isIP(ip) ? normalizeIp(ip) : null;
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function cleanMethod(value: unknown): string {
  if (typeof value === 'string' && METHODS.has(value)) return value;
  const method = (typeof value === 'string' ? value : '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, RECORD_LIMITS.method);
  return method || 'OTHER';
}

export type NormalizedRecord = { ok: true; record: RequestRecord } | { ok: false; error: string };

export function normalizeRequestRecord(raw: RequestRecord, now = Date.now()): NormalizedRecord {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'not a record' };
  for (const field of ['requestId', 'partnerId', 'apiKeyId'] as const) {
    const value = raw[field] as unknown;
    if (typeof value !== 'string' || value.length === 0 || value.length > RECORD_LIMITS.id || !ID.test(value))
      return { ok: false, error: `${field} is not an id` };
  }
  const status = raw.statusCode as unknown;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return { ok: false, error: 'statusCode is not an HTTP status' };
  const latency = typeof raw.latencyMs === 'number' && Number.isFinite(raw.latencyMs) && raw.latencyMs >= 0 ? Math.min(raw.latencyMs, MAX_LATENCY_MS) : 0;
  const at = raw.occurredAt as unknown;
  const occurredAt = typeof at === 'number' && Number.isFinite(at) && at >= EARLIEST && at <= now + 86_400_000 ? Math.floor(at) : now;
  const errorCode = raw.errorCode == null ? null : cleanText(raw.errorCode, RECORD_LIMITS.errorCode) || null;
  const userAgent = raw.userAgent == null ? null : typeof raw.userAgent === 'string' ? userAgents.get(raw.userAgent) : '';
  return {
    ok: true,
    record: {
      requestId: raw.requestId,
      partnerId: raw.partnerId,
      apiKeyId: raw.apiKeyId,
      method: cleanMethod(raw.method),
      path: typeof raw.path === 'string' ? paths.get(raw.path)! : '/',
      endpoint: typeof raw.endpoint === 'string' ? endpoints.get(raw.endpoint)! : '/',
      statusCode: status,
      latencyMs: Math.round(latency * 100) / 100,
      ip: typeof raw.ip === 'string' ? ips.get(raw.ip) : null,
      userAgent,
      errorCode,
      billable: raw.billable === true,
      occurredAt,
    },
  };
}

/**
 * A record the guard made itself (lib/api/define-api-route.ts), made safe in place: its ids, status,
 * latency, time and error code are the guard's own values, so only what the caller sent (method, path,
 * IP, user agent) and the endpoint (a GraphQL operation's name is the caller's) go through the same
 * cleaning as `normalizeRequestRecord`'s, and no second object is made. A request's cost, not a check
 * skipped: anything that did not come from the guard goes through `normalizeRequestRecord`.
 */
export function cleanGuardRecord(record: RequestRecord): RequestRecord {
  record.method = cleanMethod(record.method);
  record.path = paths.get(record.path)!;
  record.endpoint = endpoints.get(record.endpoint)!;
  record.ip = record.ip === null ? null : ips.get(record.ip);
  record.userAgent = record.userAgent === null ? null : userAgents.get(record.userAgent);
  return record;
}
