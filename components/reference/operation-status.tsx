import { Badge } from '@/components/ui/badge';
import { formatDate } from '@/components/ui/format';
import type { ReferenceOperation } from './openapi-model';

function sunsetLabel(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatDate(date);
}

/** Deprecated / Retired and the sunset date; nothing for an active operation without a sunset. */
export function OperationStatusBadges({ operation }: { operation: Pick<ReferenceOperation, 'status' | 'sunset'> }) {
  return (
    <>
      {operation.status === 'deprecated' ? <Badge tone="warning">Deprecated</Badge> : null}
      {operation.status === 'retired' ? <Badge tone="danger">Retired</Badge> : null}
      {operation.sunset ? (
        <Badge tone={operation.status === 'retired' ? 'danger' : 'warning'}>
          Sunset <time dateTime={operation.sunset}>{sunsetLabel(operation.sunset)}</time>
        </Badge>
      ) : null}
    </>
  );
}
