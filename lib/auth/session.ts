import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { db } from '@/db';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { clientIp } from '@/lib/http/client-ip';
import { auth } from './auth';
import { loadActor, type UserActor } from './actor';

/** The signed-in actor of this request, read fresh from the database (once per request). */
export const getActor = cache(async (): Promise<UserActor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadActor(db, userId, { signedInAt: session.signedInAt ?? 0 });
});

/** For pages: the actor, or a redirect to the sign-in page. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  return actor;
}

export async function getRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  const protocol = h.get('x-forwarded-proto') ?? 'http';
  return { ip: clientIp(h), userAgent: h.get('user-agent'), origin: host ? `${protocol}://${host}` : null };
}
