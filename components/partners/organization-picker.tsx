import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { OrganizationCombobox, type PickedOrganization } from './organization-combobox';

/**
 * Staff choose whose data a page shows: a GET form around the searching combobox, so the choice is a
 * URL parameter (`?org=`, `?partner=`) and nothing else survives it but `keep` (the usage range, say).
 * Choosing an organization applies it at once; "Show" does the same for a form submitted by hand.
 */
export function OrganizationPicker({
  action,
  name = 'org',
  selected,
  allLabel,
  keep = {},
  className,
}: {
  /** The page the form reloads, e.g. `/secrets`. */
  action: string;
  name?: string;
  selected: PickedOrganization | null;
  /** When the page can show every organization: the empty choice's label ("All organizations"). */
  allLabel?: string;
  keep?: Record<string, string>;
  /** Replaces the default bottom margin. */
  className?: string;
}) {
  return (
    <form method="get" action={action} aria-label="Choose an organization" className={cn('flex flex-wrap items-end gap-3', className ?? 'mb-6')}>
      {Object.entries(keep).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      <OrganizationCombobox name={name} label="Organization" selected={selected} allLabel={allLabel} submitOnSelect className="w-full max-w-xs" />
      <Button type="submit" variant="secondary">
        Show
      </Button>
    </form>
  );
}
