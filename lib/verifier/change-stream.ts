import 'server-only';
import { waitForKeyChange } from '@/lib/keys/key-change-log';
import { isShuttingDown } from '@/lib/runtime/shutdown';
import { latestSeq, readChanges, resetReason } from './verifier-changes';
import { credentialStillValid, type VerifierCredential } from './verifier-credential';
import { noteVerifierSeen, type VerifierIdentity } from './verifier-connections';

export const HEARTBEAT_MS = 1_000;
/** How often the fleet row of a connected verifier is written (not every heartbeat). */
const FLEET_EVERY_MS = 5_000;

const encoder = new TextEncoder();
const event = (name: string, data: unknown, id?: number) =>
  encoder.encode(`${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * `GET /verifier/changes` as Server-Sent Events: every change after `after` (`change`, id = seq), then new
 * ones as they commit (woken by the NOTIFY/Redis signal, and reading the log every second whatever the
 * signal does), a `heartbeat` every second with the newest seq, and `reset` (then the end) when the
 * verifier must load a snapshot again. The stream ends when the credential stops being valid.
 */
export function changeStream(options: {
  credential: VerifierCredential;
  after: number;
  identity: VerifierIdentity | null;
  signal: AbortSignal;
}): ReadableStream<Uint8Array> {
  const { credential, identity } = options;
  const stop = new AbortController();
  options.signal.addEventListener('abort', () => stop.abort(), { once: true });
  let cursor = options.after;

  const run = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const send = (chunk: Uint8Array) => {
      if (!stop.signal.aborted) controller.enqueue(chunk);
    };
    const reset = await resetReason(cursor);
    if (reset !== null) {
      send(event('reset', { reason: reset, seq: await latestSeq() }));
      return;
    }
    send(encoder.encode(`retry: 1000\n\n`));
    let lastFleet = 0;
    // A stream never finishes by itself: on SIGTERM it ends at once, so that the verifier reconnects to
    // another instance (or, with none, goes stale and fails closed) instead of hearing heartbeats from a
    // process that is going away until the drain's timeout cuts it.
    while (!stop.signal.aborted && !isShuttingDown()) {
      const page = await readChanges(credential, cursor);
      for (const change of page.changes) send(event('change', change, change.seq));
      cursor = page.cursor;
      if (page.reset) {
        send(event('reset', { reason: 'the portal asked every verifier to load a snapshot again', seq: await latestSeq() }));
        return;
      }
      if (page.changes.length >= 500) continue;
      if (!(await credentialStillValid(credential))) {
        send(event('revoked', { reason: 'this verifier credential is no longer valid' }));
        return;
      }
      const latest = await latestSeq();
      // Carries the cursor: a verifier that saw only filtered rows still advances (and knows its lag).
      send(event('heartbeat', { seq: cursor, latest, time: Date.now() }, cursor));
      const now = Date.now();
      if (identity && now - lastFleet >= FLEET_EVERY_MS) {
        const connected = lastFleet === 0;
        lastFleet = now;
        void noteVerifierSeen(identity, credential.key.id, { seq: cursor, lag: latest - cursor, connected }).catch(() => {});
      }
      if (latest > cursor) continue;
      await waitForKeyChange(HEARTBEAT_MS, stop.signal);
    }
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      run(controller)
        .catch((error: unknown) => {
          if (!stop.signal.aborted) console.error('[verifier] change stream failed:', (error as Error)?.message ?? error);
        })
        .finally(() => {
          stop.abort();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        });
    },
    cancel() {
      stop.abort();
    },
  });
}
