export declare const UNSUPPORTED_METHOD_HEADER: string;

export interface GuardAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Mutates `req` (Node's lowercased headers) in place; returns the answer to send instead of Next.js's, or null. */
export declare function guardRequest(req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> }): GuardAnswer | null;

export declare function guardIncomingRequest(request: {
  method: string;
  url: string;
  headers: Record<string, string>;
}): { respond: GuardAnswer; method?: undefined; headers?: undefined } | { respond?: undefined; method: string; headers: Record<string, string> };
