import 'server-only';
import { evaluateAlerts } from './evaluate-alerts';

const INTERVAL_MS = 60_000;

interface TimerState {
  timer?: NodeJS.Timeout;
  running: boolean;
}
const holder = globalThis as typeof globalThis & { __partnerPortalAlerts?: TimerState };

/** Evaluates the alert rules every minute in this process; started once (with the metering buffer). */
export function startAlertTimer(): void {
  const state = (holder.__partnerPortalAlerts ??= { running: false });
  if (state.timer) return;
  state.timer = setInterval(async () => {
    // A slow evaluation (a webhook timing out) is not overlapped by the next one.
    if (state.running) return;
    state.running = true;
    try {
      const { raised, resolved } = await evaluateAlerts();
      if (raised.length || resolved.length) console.log(`[alerts] ${raised.length} raised, ${resolved.length} resolved`);
    } catch (error) {
      console.error(`[alerts] evaluation failed: ${(error as Error).message}`);
    } finally {
      state.running = false;
    }
  }, INTERVAL_MS);
  state.timer.unref();
}
