import 'server-only';
import { and, isNotNull, lt } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { secrets } from '@/db/schema';
import { SECRET_RESTORE_DAYS } from './write-secrets';

/**
 * Deleted secrets stay restorable for 30 days; after that they and every encrypted version go for good
 * (the access log keeps their names). Run by the hourly retention job.
 */
export async function purgeDeletedSecrets(db: Queryable, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - SECRET_RESTORE_DAYS * 86_400_000);
  const purged = await db
    .delete(secrets)
    .where(and(isNotNull(secrets.deletedAt), lt(secrets.deletedAt, cutoff)))
    .returning({ id: secrets.id });
  return purged.length;
}
