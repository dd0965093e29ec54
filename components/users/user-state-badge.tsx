import { Badge } from '@/components/ui/badge';

/** Whether the account may sign in. */
export function UserStateBadge({ disabled }: { disabled: boolean }) {
  return (
    <Badge tone={disabled ? 'danger' : 'success'}>
      <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
      {disabled ? 'Disabled' : 'Active'}
    </Badge>
  );
}
