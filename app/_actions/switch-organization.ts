'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { switchOrganizationSpec } from '@/lib/account/switch-organization';
import { defineAction } from '@/lib/actions/define-action';

// Every page shows the organization's own data: start again from the dashboard, as a team switcher does
// (the page open before may be a key or secret of the other organization, a 404 there).
export const switchOrganization = defineAction(switchOrganizationSpec, {
  after() {
    revalidatePath('/', 'layout');
    redirect('/');
  },
});
