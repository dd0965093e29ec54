import type { SupportTier } from '@/db/schema/partners';

/** The support tiers in the order a form offers them (the same values as the schema's `supportTiers`). */
export const supportTierOptions: { value: SupportTier; label: string }[] = [
  { value: 'standard', label: 'Standard' },
  { value: 'priority', label: 'Priority' },
  { value: 'enterprise', label: 'Enterprise' },
];

export function supportTierLabel(tier: SupportTier | string): string {
  return supportTierOptions.find((option) => option.value === tier)?.label ?? tier;
}
