import 'server-only';
import { clusterSizeState } from '@/lib/limits/cluster-size';
import { limitsMode, type LimitsMode } from '@/lib/limits/redis-link';

export interface LimitsHealth {
  /**
   * `shared`: rate limits and quotas on Redis, one for the cluster. `degraded`: Redis unreachable, each
   * instance enforces 1/N of each rate limit and quotas are counted in Postgres. `local`: no Redis
   * configured (the same, by design).
   */
  limits: LimitsMode;
  /** The live instances this one knows of (N). */
  instances: number;
}

export function limitsHealth(): LimitsHealth {
  return { limits: limitsMode(), instances: clusterSizeState().instances };
}
