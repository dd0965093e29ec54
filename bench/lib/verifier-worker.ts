/**
 * One verifier process for bench:verifier-revoke: syncs from PORTAL_URL with VERIFIER_CREDENTIAL, then per
 * `{ watch: secret }` message verifies that key every millisecond and reports the wall-clock time it was
 * first refused (`{ refused, code, at }`); `{ watchStale: true }` reports when it first answers STALE.
 */
import { createVerifier } from '@partner-portal/verifier';

const verifier = await createVerifier({ portalUrl: process.env.PORTAL_URL!, credential: process.env.VERIFIER_CREDENTIAL!, handleSignals: false });
const send = (message: unknown) => process.send!(message);
send({ ready: true, keys: verifier.status().keys });

process.on('message', (message: { watch?: string; watchStale?: boolean; exit?: boolean }) => {
  if (message.exit) {
    void verifier.close().finally(() => process.exit(0));
    return;
  }
  const secret = message.watch ?? null;
  void (async () => {
    let sentValid = false;
    for (;;) {
      const result = await verifier.verify(secret ?? 'pp_test_none');
      const refused = message.watchStale ? result.code === 'STALE' : !result.valid;
      if (!refused && !sentValid && secret) {
        sentValid = true;
        send({ valid: true });
      }
      if (refused) {
        send({ refused: true, code: result.code, at: Date.now() });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
});
