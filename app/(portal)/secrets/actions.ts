'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { db } from '@/db';
import type { ActionResult } from '@/lib/actions/action-spec';
import { defineAction } from '@/lib/actions/define-action';
import { formDataToObject } from '@/lib/actions/execute-action';
import { getActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { createEnvironmentSpec } from '@/lib/secrets/environments';
import { importDotenvSpec, planDotenvImport, type ImportPlan } from '@/lib/secrets/import-dotenv';
import { exportEnvironmentSpec, revealSecretSpec } from '@/lib/secrets/read-secrets';
import { importDotenvInput } from '@/lib/secrets/secret-input';
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

/**
 * The preview of a pasted `.env`: what an import would add, change or leave alone. It writes nothing
 * and returns names only, so it is neither logged as a read nor audited; the import itself is both.
 */
export async function previewDotenvImport(_previous: ActionResult | null, formData: FormData): Promise<ActionResult<ImportPlan>> {
  const parsed = importDotenvInput.safeParse(formDataToObject(formData));
  if (!parsed.success) {
    const { fieldErrors, formErrors } = z.flattenError(parsed.error);
    return { ok: false, error: 'Please correct the highlighted fields.', fieldErrors: { ...fieldErrors, ...(formErrors.length ? { _form: formErrors } : {}) } };
  }
  const actor = await getActor();
  if (!actor) return { ok: false, error: 'Your session has ended. Please sign in again.' };
  try {
    return { ok: true, data: await planDotenvImport(db, actor, parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    console.error('[action previewDotenvImport] failed', error);
    return { ok: false, error: 'Something went wrong on our side. Please try again.' };
  }
}
