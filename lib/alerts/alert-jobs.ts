import 'server-only';
import { registerJob } from '@/lib/runtime/jobs';
import { evaluateAlerts } from './evaluate-alerts';

/** The alert rules are evaluated once a minute in the whole cluster (one instance claims each minute). */
registerJob({
  name: 'alerts.evaluate',
  scope: 'cluster',
  everyMs: 60_000,
  async run({ now }) {
    const { raised, resolved } = await evaluateAlerts({ now });
    if (raised.length || resolved.length) console.log(`[alerts] ${raised.length} raised, ${resolved.length} resolved`);
  },
});
