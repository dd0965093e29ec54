'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { createInviteSpec } from '@/lib/invites/create-invite';
import { revokeInviteSpec } from '@/lib/invites/revoke-invite';
import { changeMemberRoleSpec } from '@/lib/members/change-member-role';
import { removeMemberSpec } from '@/lib/members/remove-member';
import { transferPrimaryContactSpec } from '@/lib/members/transfer-primary-contact';

// The members panel shows on the partner's own /organization page and on the staff page of an
// organization; a change also moves the onboarding checklist (dashboard, partners table). Every page
// that shows members is refreshed rather than guessing the staff page's path.
function refreshMemberPages() {
  revalidatePath('/', 'layout');
}

export const inviteMember = defineAction(createInviteSpec, { after: refreshMemberPages });
export const withdrawInvite = defineAction(revokeInviteSpec, { after: refreshMemberPages });
export const changeMemberRole = defineAction(changeMemberRoleSpec, { after: refreshMemberPages });
export const removeMember = defineAction(removeMemberSpec, { after: refreshMemberPages });
export const makePrimaryContact = defineAction(transferPrimaryContactSpec, { after: refreshMemberPages });
