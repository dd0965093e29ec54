import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { CreatePartnerForm } from './create-partner-form';

export const metadata: Metadata = { title: 'New organization' };

export default async function NewPartnerPage() {
  const actor = await requirePortalActor();
  // Only admins onboard organizations; for everyone else the page does not exist.
  if (!can(actor, 'partner.create', { partnerId: null })) notFound();

  return (
    <>
      <Link href="/partners" className="mb-3 inline-flex items-center gap-1.5 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Partners
      </Link>
      <PageHeader
        title="New organization"
        description="The organization starts active. Its primary contact gets an invitation to join it as a partner admin."
      />
      <CreatePartnerForm />
    </>
  );
}
