import type { KeyEnvironment } from '@/db/schema/api-keys';
import { Badge } from '@/components/ui/badge';

/** Live keys stand out: they reach production data. */
export function KeyEnvironmentBadge({ environment }: { environment: KeyEnvironment }) {
  return environment === 'live' ? <Badge tone="accent">Live</Badge> : <Badge>Test</Badge>;
}
