import type { EndpointStatus } from '@/db/schema/catalog';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import { endpointStatusLabels, endpointStatusTones } from './catalog-vocabulary';

/** The endpoint's status and, when one is set, its sunset date. */
export function EndpointStatusBadge({ status, sunsetAt }: { status: EndpointStatus; sunsetAt: Date | null }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge tone={endpointStatusTones[status]}>
        <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
        {endpointStatusLabels[status]}
      </Badge>
      {sunsetAt ? (
        <span className="text-xs whitespace-nowrap text-zinc-600">
          Sunset <Time value={sunsetAt} />
        </span>
      ) : null}
    </span>
  );
}
