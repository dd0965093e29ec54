import type { PartnerStatus } from '@/db/schema/partners';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const statusTone: Record<PartnerStatus, BadgeTone> = { pending: 'warning', active: 'success', suspended: 'danger' };
const statusLabel: Record<PartnerStatus, string> = { pending: 'Pending', active: 'Active', suspended: 'Suspended' };

export function PartnerStatusBadge({ status }: { status: PartnerStatus }) {
  return (
    <Badge tone={statusTone[status]}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {statusLabel[status]}
    </Badge>
  );
}

export function partnerStatusLabel(status: PartnerStatus): string {
  return statusLabel[status];
}
