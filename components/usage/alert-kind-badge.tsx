import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { AlertKind } from '@/db/schema';

export const alertKindLabels: Record<AlertKind, string> = {
  traffic_spike: 'Traffic spike',
  error_rate: 'Error rate',
  quota_80: 'Quota at 80%',
  quota_100: 'Quota reached',
};

const tones: Record<AlertKind, BadgeTone> = { traffic_spike: 'accent', error_rate: 'danger', quota_80: 'warning', quota_100: 'danger' };

export function AlertKindBadge({ kind }: { kind: AlertKind }) {
  return <Badge tone={tones[kind]}>{alertKindLabels[kind]}</Badge>;
}
