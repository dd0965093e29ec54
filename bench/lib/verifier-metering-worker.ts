/**
 * One verifier process for bench:verifier-metering: syncs from PORTAL_URL with VERIFIER_CREDENTIAL; on
 * `{ run: { calls, seconds, perSecond } }` verifies the given mix (key secret + scope, picked at random) for
 * `seconds` at about `perSecond`, tallies each answer by key and status as a client would see it, then
 * closes the verifier (which posts what is left) and sends `{ tally, byCode, status }`.
 */
import { createVerifier, statusOfCode } from '@partner-portal/verifier';

interface Call {
  secret: string;
  scope: string;
}

async function main() {
  const verifier = await createVerifier({ portalUrl: process.env.PORTAL_URL!, credential: process.env.VERIFIER_CREDENTIAL!, handleSignals: false });
  const send = (message: unknown) => process.send!(message);
  send({ ready: true, keys: verifier.status().keys });

  process.on('message', (message: { run?: { calls: Call[]; seconds: number; perSecond: number } }) => {
    if (!message.run) return;
    const { calls, seconds, perSecond } = message.run;
    void (async () => {
      // `${keyId} ${status}` → answers; answers without a key (STALE while the portal is away) by code.
      const tally: Record<string, number> = {};
      const unmetered: Record<string, number> = {};
      const started = Date.now();
      const perTick = Math.max(1, Math.round(perSecond / 100));
      while (Date.now() - started < seconds * 1000) {
        const tickStarted = Date.now();
        for (let i = 0; i < perTick; i++) {
          const call = calls[Math.floor(Math.random() * calls.length)]!;
          const result = await verifier.verify(call.secret, { scope: call.scope, endpoint: '/bench/orders', method: 'GET' });
          if (result.key && result.code !== 'STALE') {
            const id = `${result.key.id} ${statusOfCode[result.code]}`;
            tally[id] = (tally[id] ?? 0) + 1;
          } else unmetered[result.code] = (unmetered[result.code] ?? 0) + 1;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 10 - (Date.now() - tickStarted))));
      }
      // Everything posted before closing (close() alone gives the portal 5 s).
      for (let i = 0; i < 60 && verifier.status().unreportedRequests > 0; i++) {
        await verifier.flush();
        if (verifier.status().unreportedRequests > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await verifier.close();
      send({ tally, unmetered, status: verifier.status() });
    })();
  });
}

main().catch((error: unknown) => {
  console.error('verifier worker:', (error as Error).message);
  process.exit(1);
});
