import Link from 'next/link';
import { OrganizationPicker } from '@/components/partners/organization-picker';
import type { PickedOrganization } from '@/components/partners/organization-combobox';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import type { PageRange, RangeChoice } from '@/lib/usage/analytics/range';

const presetLabels: { value: Exclude<RangeChoice, 'custom'>; label: string }[] = [
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
];

const selectClasses = 'block h-9 rounded-lg border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 shadow-xs hover:border-zinc-400';

/**
 * The range (and, for staff, the organization) of the usage charts, all in the URL: preset links and a
 * GET form, so it works without JavaScript and every view can be bookmarked or shared.
 */
export function UsageFilters({
  basePath,
  range,
  organization,
}: {
  basePath: string;
  range: PageRange;
  /** Staff only: the organization picker, with the organization chosen (null: all). */
  organization?: { selected: PickedOrganization | null };
}) {
  const partnerId = organization?.selected?.id ?? null;
  const orgParam: Record<string, string> = partnerId ? { org: partnerId } : {};
  // What the organization form keeps of the range.
  const rangeParams: Record<string, string> =
    range.choice === 'custom' && !range.error
      ? { range: 'custom', from: range.fromDay, to: range.toDay }
      : { range: range.choice === 'custom' ? '24h' : range.choice };
  const hrefFor = (preset: string) => `${basePath}?${new URLSearchParams({ ...orgParam, range: preset }).toString()}`;
  return (
    <div className="mb-6 flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-xs lg:flex-row lg:flex-wrap lg:items-end">
      <nav aria-label="Time range" className="flex items-center gap-1">
        {presetLabels.map((preset) => {
          const current = range.choice === preset.value;
          return (
            <Link
              key={preset.value}
              href={hrefFor(preset.value)}
              aria-current={current ? 'page' : undefined}
              className={cn(buttonClasses({ variant: current ? 'primary' : 'ghost', size: 'sm' }))}
              scroll={false}
            >
              <span className="sr-only">Last </span>
              {preset.label}
            </Link>
          );
        })}
      </nav>
      <form method="get" action={basePath} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
        <input type="hidden" name="range" value="custom" />
        <div>
          <label htmlFor="usage-from" className="block text-xs font-medium text-zinc-700">
            From
          </label>
          <input id="usage-from" type="date" name="from" defaultValue={range.fromDay} required className={selectClasses} />
        </div>
        <div>
          <label htmlFor="usage-to" className="block text-xs font-medium text-zinc-700">
            To
          </label>
          <input id="usage-to" type="date" name="to" defaultValue={range.toDay} required className={selectClasses} />
        </div>
        {partnerId ? <input type="hidden" name="org" value={partnerId} /> : null}
        <button type="submit" className={buttonClasses({ variant: 'secondary', size: 'sm', className: 'h-9' })}>
          Apply
        </button>
      </form>
      {organization ? (
        <OrganizationPicker action={basePath} selected={organization.selected} allLabel="All organizations" keep={rangeParams} className="lg:ml-auto" />
      ) : null}
      {range.error ? (
        <p role="alert" className="text-sm text-red-700 lg:basis-full">
          {range.error} Showing the last 24 hours.
        </p>
      ) : null}
    </div>
  );
}
