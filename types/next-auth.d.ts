import 'next-auth';

declare module 'next-auth' {
  interface Session {
    /** The server-side session (`sessions` row) this JWT stands for; null for a token from before sessions existed. */
    sessionId: string | null;
  }
  interface User {
    /** Set by the Credentials provider once the `sessions` row exists; copied into the JWT as `sid`. */
    sessionId?: string;
  }
}
