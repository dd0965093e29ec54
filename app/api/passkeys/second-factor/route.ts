import { headers } from 'next/headers';
import { publicOrigin } from '@/lib/auth/public-origin';
import { passkeySecondFactorChallenge } from '@/lib/identity/passkey-second-factor';

export const dynamic = 'force-dynamic';

/**
 * The browser's passkey prompt for a second factor (/two-factor, a step-up): a challenge for the signed-in
 * person's own passkeys. `proxy.ts` does not run for `/api/`; the session is checked here.
 */
export async function POST(): Promise<Response> {
  const result = await passkeySecondFactorChallenge(publicOrigin(await headers()));
  return Response.json(result.body, { status: result.status, headers: { 'cache-control': 'no-store' } });
}
