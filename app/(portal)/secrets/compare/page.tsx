import { ArrowLeft, GitCompareArrows } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EnvironmentComparison } from '@/components/secrets/environment-comparison';
import { OrganizationPicker } from '@/components/partners/organization-picker';
import { secretsHref } from '@/components/secrets/secret-vocabulary';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { firstParam, ownScope } from '@/lib/auth/tenant';
import { listEnvironments } from '@/lib/secrets/environments';
import { compareEnvironments } from '@/lib/secrets/list-secrets';

export const metadata: Metadata = { title: 'Compare environments' };

export default async function CompareEnvironmentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const scope = await requireTenant(params);
  const { actor } = scope;
  if (!can(actor, 'secret.read', ownScope(actor))) notFound();
  const header = (
    <PageHeader title="Compare environments" description="Which secret names one environment has and the other lacks, e.g. before a release to production." />
  );
  const picker = scope.picksOrganization ? (
    <OrganizationPicker
      action="/secrets/compare"
      selected={scope.partnerId && scope.organizationName ? { id: scope.partnerId, name: scope.organizationName } : null}
    />
  ) : null;
  if (!scope.partnerId) {
    return (
      <>
        {header}
        {picker}
        <EmptyState title="Choose an organization" description="Environments belong to one organization: pick it above." />
      </>
    );
  }

  const environments = await listEnvironments(scope);
  const slugs = environments.map((e) => e.slug);
  const pick = (name: string) => {
    const value = firstParam(params, name);
    if (value && !slugs.includes(value)) notFound();
    return value;
  };
  // By default the chosen (or first) environment against the next one: development → staging → production.
  const left = pick('left') ?? slugs[0];
  const right = pick('right') ?? slugs.find((slug) => slug !== left);
  const comparison = left && right && left !== right ? await compareEnvironments(scope, left, right) : null;

  return (
    <>
      <Link
        href={secretsHref('/secrets', { org: scope.orgParam, env: left })}
        className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        Secrets
      </Link>
      {header}
      {picker}
      {slugs.length < 2 ? (
        <EmptyState title="Nothing to compare" description="There is only one environment. Create another to compare them." />
      ) : (
        <>
          <form method="get" action="/secrets/compare" aria-label="Environments to compare" className="mb-6 flex flex-wrap items-end gap-3">
            {scope.orgParam ? <input type="hidden" name="org" value={scope.orgParam} /> : null}
            {(['left', 'right'] as const).map((side) => (
              <Select
                key={`${side}-${side === 'left' ? left : right}`}
                label={side === 'left' ? 'Environment' : 'Compared with'}
                name={side}
                defaultValue={side === 'left' ? left : right}
                className="w-56"
              >
                {slugs.map((slug) => (
                  <option key={slug} value={slug}>
                    {slug}
                  </option>
                ))}
              </Select>
            ))}
            <Button type="submit" variant="secondary">
              <GitCompareArrows aria-hidden="true" />
              Compare
            </Button>
          </form>
          {comparison ? (
            <EnvironmentComparison comparison={comparison} orgParam={scope.orgParam} />
          ) : (
            <Alert tone="info">Choose two different environments.</Alert>
          )}
        </>
      )}
    </>
  );
}
