// Session lifetimes, shared by the Auth.js config (no database, no server-only) and lib/auth/sessions.ts.

/** A session not used for this long ends (it slides forward with use). */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
/** No session outlives this, however active: it is also the session cookie's lifetime. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** `last_seen_at` / `expires_at` are written at most this often per session. */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;
