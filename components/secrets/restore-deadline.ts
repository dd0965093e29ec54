import 'server-only';
import { SECRET_RESTORE_DAYS } from '@/lib/secrets/write-secrets';

/** Until when a deleted secret can be restored; null once that has passed (or when it is not deleted). */
export function restoreDeadline(deletedAt: Date | null, now = Date.now()): Date | null {
  if (!deletedAt) return null;
  const until = new Date(deletedAt.getTime() + SECRET_RESTORE_DAYS * 86_400_000);
  return until.getTime() > now ? until : null;
}
