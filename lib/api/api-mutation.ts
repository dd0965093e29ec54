import 'server-only';
import { db, type Transaction } from '@/db';
import { withTransaction, type AfterCommit } from '@/db/with-transaction';
import { writeAuditLog, type AuditEntry } from '@/lib/audit/write-audit-log';
import type { KeyRecord } from '@/lib/keys/key-record';

/** A change made through the API: one transaction, with its audit row (actor: the calling key) inside it. */
export async function runApiMutation<T>(
  ctx: { key: KeyRecord; ip: string; request: Request },
  change: (tx: Transaction, afterCommit: AfterCommit) => Promise<{ value: T; audit: AuditEntry }>,
): Promise<T> {
  return withTransaction(db, async (tx, afterCommit) => {
    const { value, audit } = await change(tx, afterCommit);
    await writeAuditLog(tx, { kind: 'api_key', keyId: ctx.key.id, label: ctx.key.tokenPrefix }, audit, {
      ip: ctx.ip,
      userAgent: ctx.request.headers.get('user-agent'),
    });
    return value;
  });
}
