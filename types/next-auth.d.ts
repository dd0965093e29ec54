import 'next-auth';

declare module 'next-auth' {
  interface Session {
    /** When the user signed in (ms since the epoch); sessions older than a password change are ended. */
    signedInAt: number;
  }
}
