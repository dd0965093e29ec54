import 'server-only';
import { db } from '@/db';
import { registerJob } from '@/lib/runtime/jobs';
import { purgeDeletedSecrets } from './purge-deleted-secrets';

/** Secrets deleted more than 30 days ago are purged hourly, once in the whole cluster. */
registerJob({
  name: 'secrets.purge-deleted',
  scope: 'cluster',
  everyMs: 60 * 60 * 1000,
  firstRunAfterMs: 5 * 60 * 1000,
  async run({ now }) {
    const purged = await purgeDeletedSecrets(db, new Date(now));
    if (purged > 0) console.log(`[secrets] purged ${purged} secret${purged === 1 ? '' : 's'} deleted more than 30 days ago`);
  },
});
