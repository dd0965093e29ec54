import { closeDatabase, getDatabase } from '@/db';
import { countByMasterKey, rewrapDataKeys } from '@/lib/secrets/rotate-master-key';
import { buildMasterKeyRing } from '@/lib/secrets/master-keys';
import { writeAuditLog } from '@/lib/audit/write-audit-log';
import { systemActor } from '@/lib/auth/actor';

// Rotation, step by step: add the new key as the LAST entry of PORTAL_MASTER_KEY (`old,new`), restart
// the portal, run this, and once it reports nothing left under the old key, remove the old entry.
async function main() {
  const ring = buildMasterKeyRing();
  const handle = getDatabase();
  console.log(`Re-wrapping data keys in ${handle.description} under ${ring.current.id} (${ring.byId.size} key${ring.byId.size === 1 ? '' : 's'} configured) …`);
  const before = await countByMasterKey(handle.db);
  const missing = Object.keys(before).filter((id) => !ring.byId.has(id));
  if (missing.length > 0) {
    console.error(`Some secrets are wrapped by master keys that are not configured: ${missing.join(', ')}. Add them to PORTAL_MASTER_KEY first.`);
    process.exit(1);
  }
  const started = Date.now();
  let lastPrinted = 0;
  const result = await rewrapDataKeys(handle.db, ring, {
    onProgress: ({ done, total }) => {
      if (done === total || Date.now() - lastPrinted > 1000) {
        lastPrinted = Date.now();
        console.log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${total === 0 ? 100 : Math.floor((done / total) * 100)}%)`);
      }
    },
  });
  const after = await countByMasterKey(handle.db);
  // An ops command is the system actor, and its run is on the audit trail like any change.
  await writeAuditLog(
    handle.db,
    systemActor('ops: npm run secrets:rotate-master-key'),
    {
      action: 'secret.master_key_rotate',
      partnerId: null,
      metadata: { currentKeyId: ring.current.id, rewrapped: result.done, remaining: result.remaining, perKey: after },
    },
    { ip: null, userAgent: null },
  );
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.done} re-wrapped. Versions per master key now: ${JSON.stringify(after)}.`);
  if (result.remaining > 0) {
    console.log(`${result.remaining} changed while this ran; run the command again.`);
    process.exitCode = 1;
  } else {
    const retired = [...ring.byId.keys()].filter((id) => id !== ring.current.id);
    if (retired.length)
      console.log(`Nothing is left under ${retired.join(', ')}: you may remove ${retired.length === 1 ? 'it' : 'them'} from PORTAL_MASTER_KEY.`);
  }
  await closeDatabase();
}

main().catch(async (error) => {
  console.error('Master key rotation failed:', error instanceof Error ? error.message : error);
  await closeDatabase().catch(() => {});
  process.exit(1);
});
