'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/define-action';
import { publishDocSpec, unpublishDocSpec } from '@/lib/docs/publish-doc';
import { createDocSpec, updateDocSpec } from '@/lib/docs/save-doc';

// A doc shows up in the reader's list, its search, its own page (under any version and slug it had),
// the management table and the editor: every page under /docs is refreshed rather than guessing which.
// The dashboard's onboarding card links the quickstart, so it follows too.
function refreshDocPages() {
  revalidatePath('/docs', 'layout');
  revalidatePath('/');
}

// The new doc is edited from now on under its own URL; the editor page says what the save did.
export const createDoc = defineAction(createDocSpec, {
  after(doc) {
    refreshDocPages();
    redirect(`/docs/manage/${encodeURIComponent(doc.id)}?saved=${doc.published ? 'published' : 'draft'}`);
  },
});

export const updateDoc = defineAction(updateDocSpec, { after: refreshDocPages });

export const publishDoc = defineAction(publishDocSpec, { after: refreshDocPages });

export const unpublishDoc = defineAction(unpublishDocSpec, { after: refreshDocPages });
