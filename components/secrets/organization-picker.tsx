import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import type { OrganizationOption } from '@/lib/auth/tenant';

/**
 * Staff choose whose secrets they look at. A plain GET form: the choice is `?org=` and nothing else
 * survives it, since environments differ from one organization to the next.
 */
export function OrganizationPicker({
  action,
  organizations,
  selected,
  truncated,
}: {
  /** The page the form reloads, e.g. `/secrets`. */
  action: string;
  organizations: OrganizationOption[];
  selected: string | null;
  truncated: boolean;
}) {
  return (
    <form method="get" action={action} aria-label="Choose an organization" className="mb-6 flex flex-wrap items-end gap-3">
      <Select
        label="Organization"
        name="org"
        defaultValue={selected ?? ''}
        key={selected ?? ''}
        required
        hint={truncated ? 'Showing the first 100 organizations by name.' : undefined}
        className="w-full max-w-xs"
      >
        <option value="">Choose an organization…</option>
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" className={truncated ? 'mb-6' : undefined}>
        Show
      </Button>
    </form>
  );
}
