'use client';

import { Eye, Loader2, Upload } from 'lucide-react';
import Link from 'next/link';
import { startTransition, useActionState, useRef, useState, type FormEvent } from 'react';
import { importDotenv, previewDotenvImport } from '../actions';
import { FormMessage } from '@/components/forms/form-message';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/action-spec';
import type { ImportPlan } from '@/lib/secrets/import-dotenv';
import { CodeTextareaField } from '@/components/secrets/code-textarea-field';
import { ImportPlanView } from '@/components/secrets/import-plan';
import { IMPORT_MAX_BYTES, secretKindOptions, secretsHref } from '@/components/secrets/secret-vocabulary';

function planOf(state: ActionResult<ImportPlan> | null): ImportPlan | null {
  return state?.ok ? (state.data ?? null) : null;
}

/** What a preview was made of: any change to it makes the preview stale. */
const snapshotOf = (environment: string, kind: string, content: string) => [environment, kind, content].join('\u0000');

const placeholder = '# Paste a .env file\nDATABASE_URL=postgres://app:secret@db.internal/app\nexport STRIPE_KEY="sk_live_…"';

/**
 * Paste → Preview (what would be added, changed, left alone; errors by line) → Import. The actions are
 * dispatched by hand rather than through `<form action>`, so that React does not reset the pasted text.
 */
export function ImportDotenvForm({
  environments,
  initialEnvironment,
  partnerId,
}: {
  environments: string[];
  initialEnvironment: string;
  partnerId: string | null;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [content, setContent] = useState('');
  const [environment, setEnvironment] = useState(initialEnvironment);
  const [kind, setKind] = useState('env_var');
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [preview, dispatchPreview, isPreviewing] = useActionState(previewDotenvImport, null);
  const [imported, dispatchImport, isImporting] = useActionState(async (previous: Parameters<typeof importDotenv>[0], data: FormData) => {
    const result = await importDotenv(previous, data);
    // Imported: the pasted values leave the page.
    if (result.ok) {
      setContent('');
      setPreviewed(null);
    }
    return result;
  }, null);

  const current = snapshotOf(environment, kind, content);
  const plan = planOf(preview);
  const fresh = plan !== null && previewed !== null && previewed === current;
  const count = plan ? plan.add.length + plan.change.length : 0;
  const busy = isPreviewing || isImporting;
  const contentErrors = tooLarge
    ? [`Paste at most ${IMPORT_MAX_BYTES.toLocaleString('en-US')} bytes at a time; split larger files.`]
    : fresh && plan.errors.length > 0
      ? plan.errors
      : preview && !preview.ok
        ? preview.fieldErrors?.content
        : imported && !imported.ok
          ? imported.fieldErrors?.content
          : undefined;

  function submitPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    const oversized = new Blob([String(data.get('content') ?? '')]).size > IMPORT_MAX_BYTES;
    setTooLarge(oversized);
    if (oversized) return;
    setPreviewed(current);
    startTransition(() => dispatchPreview(data));
  }

  function submitImport() {
    if (busy || !formRef.current) return;
    const data = new FormData(formRef.current);
    startTransition(() => dispatchImport(data));
  }

  return (
    <form ref={formRef} onSubmit={submitPreview} noValidate aria-label="Import a .env file" className="space-y-5">
      <FormMessage state={imported} />
      {imported?.ok ? (
        <p className="text-sm">
          <Link href={secretsHref('/secrets', { org: partnerId, env: environment })} className="font-medium text-indigo-700 hover:underline">
            See the secrets of {environment}
          </Link>
        </p>
      ) : null}
      {preview && !preview.ok && !preview.fieldErrors?.content ? (
        <Alert tone="error" role="alert">
          {preview.error}
        </Alert>
      ) : null}
      {partnerId ? <input type="hidden" name="partnerId" value={partnerId} /> : null}
      <div className="grid max-w-3xl gap-5 sm:grid-cols-2">
        <Select label="Into environment" name="environment" value={environment} onChange={(event) => setEnvironment(event.target.value)}>
          {environments.map((slug) => (
            <option key={slug} value={slug}>
              {slug}
            </option>
          ))}
        </Select>
        <Select label="Import new names as" name="kind" value={kind} onChange={(event) => setKind(event.target.value)} hint="Existing secrets keep their kind.">
          {secretKindOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="max-w-3xl">
        <CodeTextareaField
          label=".env file"
          name="content"
          rows={12}
          value={content}
          onChange={(event) => setContent(event.target.value)}
          placeholder={placeholder}
          hint="NAME=value lines; comments, quotes, export and multi-line quoted values are understood. Nothing is saved until you import."
          error={contentErrors}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant={fresh && count > 0 ? 'secondary' : 'primary'} aria-disabled={busy || undefined}>
          {isPreviewing ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Eye aria-hidden="true" />}
          {isPreviewing ? 'Previewing…' : 'Preview'}
        </Button>
        {fresh && plan.errors.length === 0 && count > 0 ? (
          <Button variant="primary" onClick={submitImport} aria-disabled={busy || undefined}>
            {isImporting ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Upload aria-hidden="true" />}
            {isImporting ? 'Importing…' : `Import ${count} ${count === 1 ? 'secret' : 'secrets'}`}
          </Button>
        ) : null}
      </div>

      {/* Only the summary is announced; the lists below it are read on demand. */}
      <div role="status">
        {plan && !fresh && previewed !== null ? (
          <p className="text-sm text-zinc-600">The text or environment changed since the preview: preview again.</p>
        ) : null}
        {fresh && plan.errors.length > 0 ? <p className="text-sm text-red-700">Nothing can be imported until the lines above are fixed.</p> : null}
        {fresh && plan.errors.length === 0 ? (
          <p className="text-sm text-zinc-700">
            {count === 0
              ? `Everything in the pasted text is already in ${plan.environment} with the same value.`
              : `Importing into ${plan.environment} adds ${plan.add.length} and changes ${plan.change.length}; ${plan.unchanged.length} stay as they are.`}
          </p>
        ) : null}
      </div>
      {fresh && plan.errors.length === 0 ? <ImportPlanView plan={plan} /> : null}
    </form>
  );
}
