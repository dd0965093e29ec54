import { Building2, PenLine } from 'lucide-react';
import { Badge } from '@/components/ui/badge';

/** Published or draft, for staff (partners only ever see published docs, so they get no badge). */
export function DocStateBadge({ isPublished }: { isPublished: boolean }) {
  return isPublished ? (
    <Badge tone="success">Published</Badge>
  ) : (
    <Badge tone="warning">
      <PenLine aria-hidden="true" className="size-3" />
      Draft
    </Badge>
  );
}

/** Who may read a doc written for one organization; global docs need no badge. */
export function DocAudienceBadge({ partnerName }: { partnerName: string | null }) {
  if (!partnerName) return null;
  return (
    <Badge tone="accent">
      <Building2 aria-hidden="true" className="size-3" />
      Only {partnerName}
    </Badge>
  );
}

/** The badges a reader sees beside a doc's title: the draft state for staff, the audience for everyone. */
export function DocBadges({ isPublished, partnerName }: { isPublished: boolean; partnerName: string | null }) {
  return (
    <>
      {isPublished ? null : <DocStateBadge isPublished={false} />}
      <DocAudienceBadge partnerName={partnerName} />
    </>
  );
}
