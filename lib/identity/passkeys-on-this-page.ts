import 'server-only';
import { headers } from 'next/headers';
import { publicOrigin } from '@/lib/auth/public-origin';
import { passkeyAvailability, type PasskeyAvailability } from './passkey-relying-party';

/** For pages that offer a passkey prompt: whether it can work at the address the browser is on. */
export async function passkeysOnThisPage(): Promise<PasskeyAvailability> {
  const h = await headers();
  return passkeyAvailability(h.get('host'), publicOrigin(h));
}
