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
