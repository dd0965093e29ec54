/**
 * Whether staff must use a second factor when nobody has set it in the portal's settings:
 * `STAFF_REQUIRE_TWO_FACTOR=true|false`, else on in production.
 */
export function staffTwoFactorDefault(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.STAFF_REQUIRE_TWO_FACTOR === 'true') return true;
  if (env.STAFF_REQUIRE_TWO_FACTOR === 'false') return false;
  return env.NODE_ENV === 'production';
}

/** A second factor given this long ago still counts for a step-up (revealing a production secret, …). */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;
