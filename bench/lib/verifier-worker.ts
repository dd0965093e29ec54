/**
 * One verifier process for bench:verifier-revoke: syncs from PORTAL_URL with VERIFIER_CREDENTIAL, then per
 * `{ watch: secret }` message verifies that key every millisecond, with BENCH_LOAD_PER_MS (20) more
 * verifications of it in the same tick as load, and reports the wall-clock time it was first refused
 * (`{ refused, code, at }`); `{ watchStale: true }` reports when the last watched key first answers STALE.
 */
import { createVerifier } from '@partner-portal/verifier';

const loadPerMs = Number(process.env.BENCH_LOAD_PER_MS ?? 20);

async function main() {
  const verifier = await createVerifier({ portalUrl: process.env.PORTAL_URL!, credential: process.env.VERIFIER_CREDENTIAL!, handleSignals: false });
  const send = (message: unknown) => process.send!(message);
  send({ ready: true, keys: verifier.status().keys });
  // A well-formed key: a malformed one is refused before staleness is looked at.
  let lastSecret: string | null = null;

  process.on('message', (message: { watch?: string; watchStale?: boolean; exit?: boolean }) => {
    if (message.exit) {
      void verifier.close().finally(() => process.exit(0));
      return;
    }
    const secret = message.watch ?? lastSecret;
    if (!secret) return;
    lastSecret = secret;
    void (async () => {
      let sentValid = false;
      for (;;) {
        for (let i = 0; i < loadPerMs; i++) await verifier.verify(secret);
        const result = await verifier.verify(secret);
        const refused = message.watchStale ? result.code === 'STALE' : !result.valid;
        if (!refused && !sentValid && !message.watchStale) {
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
}

main().catch((error: unknown) => {
  console.error('verifier worker:', (error as Error).message);
  process.exit(1);
});
