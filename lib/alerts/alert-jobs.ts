import 'server-only';
import { registerJob } from '@/lib/runtime/jobs';
import { evaluateAlerts } from './evaluate-alerts';

/**
 * The alert rules are evaluated once a minute in the whole cluster (one instance claims each minute).
 * ALERT_EVALUATION_MS shortens the period (the cluster test uses a few seconds); every instance must use the same.
 */
const evaluationMs = Number(process.env.ALERT_EVALUATION_MS) > 0 ? Number(process.env.ALERT_EVALUATION_MS) : 60_000;

registerJob({
  name: 'alerts.evaluate',
  scope: 'cluster',
  everyMs: evaluationMs,
  async run({ now }) {
    const { raised, resolved } = await evaluateAlerts({ now });
    if (raised.length || resolved.length) console.log(`[alerts] ${raised.length} raised, ${resolved.length} resolved`);
  },
});
