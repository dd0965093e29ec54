import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { creatableKeyEnvironments, staffOnlyScopes } from '@/lib/auth/policy';
import { apiScopes, scopeDescriptions } from '@/components/keys/key-vocabulary';
import { formatNumber } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { requireTenant } from '@/lib/auth/require-tenant';
import { getOwnOrganization } from '@/lib/partners/get-organization-overview';
import { CreateKeyForm } from './create-key-form';

export const metadata: Metadata = { title: 'Create API key' };

const DAY_MS = 24 * 60 * 60 * 1000;

/** An expiry is a date and the key stops at its start (UTC), so the earliest one is tomorrow. */
function earliestExpiry(): string {
  return new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
}

export default async function NewKeyPage() {
  const tenant = await requireTenant();
  const { actor } = tenant;
  const environments = creatableKeyEnvironments(actor);
  if (environments.length === 0) notFound();

  let defaults: { rateLimit: string; quota: string } | null = null;
  if (!tenant.isStaff) {
    const organization = await getOwnOrganization(tenant);
    defaults = { rateLimit: formatNumber(organization.keyRateLimitPerMinute), quota: formatNumber(organization.monthlyQuota) };
  }

  // keys:verify and keys:sync reach other organizations' keys: only admins hand them out (to staff-run services).
  const scopes = apiScopes
    .filter((scope) => !staffOnlyScopes.includes(scope) || actor.staffRole === 'admin')
    .map((scope) => ({ value: scope, description: scopeDescriptions[scope] }));
  const minExpiry = earliestExpiry();

  return (
    <>
      <Link href="/keys" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        API keys
      </Link>
      <PageHeader title="Create API key" description="The key is shown once, right after you create it. Only a short prefix is kept to recognize it." />
      <CreateKeyForm environments={environments} scopes={scopes} picksOrganization={tenant.isStaff} defaults={defaults} minExpiry={minExpiry} />
    </>
  );
}
