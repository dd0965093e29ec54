import type { KeyStatus } from '@/lib/keys/key-status';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const statusTone: Record<KeyStatus, BadgeTone> = { active: 'success', expiring: 'warning', expired: 'neutral', revoked: 'danger' };
const statusLabel: Record<KeyStatus, string> = { active: 'Active', expiring: 'Expiring', expired: 'Expired', revoked: 'Revoked' };

export function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return (
    <Badge tone={statusTone[status]}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {statusLabel[status]}
    </Badge>
  );
}

export function keyStatusLabel(status: KeyStatus): string {
  return statusLabel[status];
}
