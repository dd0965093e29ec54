'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/define-action';
import { createEnvironmentSpec } from '@/lib/secrets/environments';
import { importDotenvSpec, previewDotenvImportSpec } from '@/lib/secrets/import-dotenv';
import { exportEnvironmentSpec, revealSecretSpec } from '@/lib/secrets/read-secrets';
import { createSecretSpec, deleteSecretSpec, restoreSecretSpec, rollbackSecretSpec, updateSecretSpec } from '@/lib/secrets/write-secrets';

// Every secrets page shows counts, versions, "last read" or the access log, and a reveal or a pull
// changes them too: refresh the whole section rather than guess which page is open.
function refreshSecretPages() {
  revalidatePath('/secrets', 'layout');
}

export const createSecret = defineAction(createSecretSpec, { after: refreshSecretPages });
export const updateSecret = defineAction(updateSecretSpec, { after: refreshSecretPages });
export const rollbackSecret = defineAction(rollbackSecretSpec, { after: refreshSecretPages });
export const deleteSecret = defineAction(deleteSecretSpec, { after: refreshSecretPages });
export const restoreSecret = defineAction(restoreSecretSpec, { after: refreshSecretPages });
export const revealSecret = defineAction(revealSecretSpec, { after: refreshSecretPages });
export const exportEnvironment = defineAction(exportEnvironmentSpec, { after: refreshSecretPages });
export const importDotenv = defineAction(importDotenvSpec, { after: refreshSecretPages });

export const createEnvironment = defineAction(createEnvironmentSpec, {
  after(environment, formData) {
    refreshSecretPages();
    // Open the new (empty) environment; staff keep the organization they chose in the URL.
    const query = new URLSearchParams({ ...(formData.get('partnerId') ? { org: environment.partnerId } : {}), env: environment.slug });
    redirect(`/secrets?${query.toString()}`);
  },
});

export const previewDotenvImport = defineAction(previewDotenvImportSpec);
