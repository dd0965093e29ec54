import type { Database, Transaction } from './client';

export type AfterCommit = (callback: () => void) => void;

/**
 * A transaction whose body can queue work for after the commit (cache invalidation, notifying other
 * instances): queued callbacks run only when the transaction committed, and never inside it.
 */
export async function withTransaction<T>(db: Database, body: (tx: Transaction, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
  const queued: (() => void)[] = [];
  const value = await db.transaction((tx) => body(tx, (callback) => queued.push(callback)));
  for (const callback of queued) {
    try {
      callback();
    } catch (error) {
      console.error('[db] an after-commit callback failed', error);
    }
  }
  return value;
}
