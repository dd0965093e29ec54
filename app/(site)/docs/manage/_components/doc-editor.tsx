'use client';

import { Loader2, Send } from 'lucide-react';
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createDoc, updateDoc } from '../../actions';
import { FormMessage } from '@/components/forms/form-message';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/field';
import type { ActionResult } from '@/lib/actions/action-spec';
import type { SavedDocData } from '@/lib/docs/save-doc';
import { EDITOR_PRIMARY_BUTTON_ID } from '@/components/docs/editor-ids';
import { MarkdownEditorField } from '@/components/docs/markdown-editor-field';
import { DOC_SLUG_MAX, suggestDocSlug } from '@/lib/docs/doc-slug';
import { useLeaveWarning } from '@/components/docs/use-leave-warning';
import { PUBLIC_AUDIENCE } from '@/components/docs/doc-links';

// The same limit as lib/docs/doc-input.ts (which is what enforces it).
const CONTENT_MAX = 200_000;

export interface DocEditorValues {
  title: string;
  slug: string;
  apiVersion: string;
  /** '' for every partner, PUBLIC_AUDIENCE for anyone (signed out too), else the one organization's id. */
  partnerId: string;
  content: string;
}

export interface EditedDoc extends DocEditorValues {
  id: string;
  isPublished: boolean;
  /** The revision the page was rendered at, sent back as `baseRevision`. */
  revision: number;
}

type Intent = 'save' | 'publish';

const visibilityOf = (audience: string) => (audience === PUBLIC_AUDIENCE ? 'public' : audience ? 'organization' : 'partners');

const sameValues = (a: DocEditorValues, b: DocEditorValues) =>
  a.title === b.title && a.slug === b.slug && a.apiVersion === b.apiVersion && a.partnerId === b.partnerId && a.content === b.content;

function savedRevision(state: ActionResult<SavedDocData> | null): number {
  return (state?.ok && state.data?.revision) || 0;
}

/**
 * Writes a new doc (`doc` absent) or edits one. Inputs are controlled, for the slug suggestion and
 * the preview, so the form is submitted by hand: a form action would reset them after every save.
 */
export function DocEditor({
  doc,
  initial,
  versions,
  organizations,
  organizationsTruncated,
  notice,
}: {
  doc?: EditedDoc;
  /** A new doc's starting values (its API version). */
  initial?: Partial<DocEditorValues>;
  versions: string[];
  organizations: { id: string; name: string }[];
  organizationsTruncated: boolean;
  /** What the last page's save did (after creating, the editor reopens under the doc's own URL). */
  notice?: string;
}) {
  const [state, dispatch, isPending] = useActionState(doc ? updateDoc : createDoc, null);
  const start: DocEditorValues = doc ?? { title: '', slug: '', apiVersion: 'v1', partnerId: '', content: '', ...initial };
  const [values, setValues] = useState<DocEditorValues>(start);
  // A new doc's slug follows its title until typed by hand; an existing doc's never moves (its URL would break).
  const [slugTouched, setSlugTouched] = useState(Boolean(doc));
  const [submitted, setSubmitted] = useState<{ values: DocEditorValues; intent: Intent }>({ values: start, intent: 'save' });
  // What is saved: the page's values, then those of each successful save (the state after it tells which).
  const [saved, setSaved] = useState<{ after: ActionResult | null; values: DocEditorValues }>({ after: null, values: start });
  if (state?.ok && saved.after !== state) setSaved({ after: state, values: submitted.values });
  const formRef = useRef<HTMLFormElement>(null);

  const dirty = !sameValues(values, saved.values);
  useLeaveWarning(dirty && !isPending);

  useEffect(() => {
    if (!state || state.ok || !state.fieldErrors) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  // The notice is for this visit only: a reload should not say "published" again.
  useEffect(() => {
    if (notice) window.history.replaceState(null, '', window.location.pathname);
  }, [notice]);

  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);
  const set = (name: keyof DocEditorValues) => (value: string) => setValues((current) => ({ ...current, [name]: value }));

  function onTitleChange(title: string) {
    setValues((current) => ({ ...current, title, slug: slugTouched ? current.slug : title.trim() ? suggestDocSlug(title) : '' }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    setSubmitted({ values, intent: formData.get('intent') === 'publish' ? 'publish' : 'save' });
    startTransition(() => dispatch(formData));
  }

  // The page's revision moves when the doc is published from the header; a save moves it too.
  const baseRevision = doc ? Math.max(doc.revision, savedRevision(state)) : 0;
  const isPublished = doc?.isPublished ?? false;
  const urlPreview = `/docs/${values.apiVersion.trim() || '…'}/${values.slug.trim() || '…'}`;
  const pendingIntent = isPending ? submitted.intent : null;

  return (
    <Card>
      <CardBody className="py-5">
        <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={doc ? 'Edit doc' : 'New doc'} className="space-y-6">
          {notice && !state ? (
            <div role="status">
              <Alert tone="success">{notice}</Alert>
            </div>
          ) : null}
          <FormMessage state={state} />
          {doc ? (
            <>
              <input type="hidden" name="docId" value={doc.id} />
              <input type="hidden" name="baseRevision" value={baseRevision} />
            </>
          ) : null}

          <div className="grid gap-5 lg:grid-cols-3">
            <Input
              label="Title"
              name="title"
              required
              maxLength={160}
              autoComplete="off"
              placeholder="e.g. Webhook retries"
              value={values.title}
              onChange={(event) => onTitleChange(event.target.value)}
              error={fieldError('title')}
              className="lg:col-span-3"
            />
            <Input
              label="Slug"
              name="slug"
              maxLength={DOC_SLUG_MAX}
              autoComplete="off"
              spellCheck={false}
              placeholder="webhook-retries"
              value={values.slug}
              onChange={(event) => {
                setSlugTouched(true);
                set('slug')(event.target.value);
              }}
              hint={
                <>
                  Its address: <code className="font-mono text-zinc-700">{urlPreview}</code>.{' '}
                  {doc ? 'Changing it breaks links to the old address.' : 'Filled in from the title until you edit it.'}
                </>
              }
              error={fieldError('slug')}
            />
            <Input
              label="API version"
              name="apiVersion"
              required
              maxLength={20}
              autoComplete="off"
              spellCheck={false}
              list="doc-api-versions"
              placeholder="v1"
              value={values.apiVersion}
              onChange={(event) => set('apiVersion')(event.target.value)}
              hint="Pick an existing version or type a new one, e.g. v2."
              error={fieldError('apiVersion')}
            />
            <datalist id="doc-api-versions">
              {versions.map((version) => (
                <option key={version} value={version} />
              ))}
            </datalist>
            <input type="hidden" name="visibility" value={visibilityOf(values.partnerId)} />
            <Select
              label="Visible to"
              name={values.partnerId === PUBLIC_AUDIENCE ? 'audience' : 'partnerId'}
              value={values.partnerId}
              onChange={(event) => set('partnerId')(event.target.value)}
              hint={
                organizationsTruncated
                  ? 'Showing the first 100 organizations by name. Drafts are visible to staff only.'
                  : 'Drafts are visible to staff only, whatever you choose here.'
              }
              error={fieldError('partnerId')}
            >
              <option value={PUBLIC_AUDIENCE}>Anyone, signed out too (public)</option>
              <option value="">Every partner</option>
              {organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  Only {organization.name}
                </option>
              ))}
            </Select>
          </div>

          <MarkdownEditorField value={values.content} onChange={set('content')} error={fieldError('content')?.[0]} maxLength={CONTENT_MAX} />

          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-5">
            {isPublished ? (
              <EditorButton id={EDITOR_PRIMARY_BUTTON_ID} intent="save" variant="primary" pendingIntent={pendingIntent} pendingLabel="Saving…">
                Save
              </EditorButton>
            ) : (
              <>
                <EditorButton id={EDITOR_PRIMARY_BUTTON_ID} intent="publish" variant="primary" pendingIntent={pendingIntent} pendingLabel="Publishing…">
                  <Send aria-hidden="true" />
                  Publish
                </EditorButton>
                <EditorButton intent="save" variant="secondary" pendingIntent={pendingIntent} pendingLabel="Saving…">
                  Save draft
                </EditorButton>
              </>
            )}
            <p className="text-sm text-zinc-500" aria-live="polite">
              {dirty ? 'Unsaved changes' : doc ? 'All changes saved' : ''}
            </p>
            <p className="ml-auto text-xs text-zinc-500">
              {isPublished ? 'Partners see each save at once.' : 'Publishing makes the doc visible to its readers and is recorded in the audit log.'}
            </p>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}

/** A submit button that names its intent; while a save runs, the pressed one spins and both ignore clicks. */
function EditorButton({
  id,
  intent,
  variant,
  pendingIntent,
  pendingLabel,
  children,
}: {
  id?: string;
  intent: Intent;
  variant: 'primary' | 'secondary';
  pendingIntent: Intent | null;
  pendingLabel: string;
  children: ReactNode;
}) {
  const isThis = pendingIntent === intent;
  return (
    <Button id={id} type="submit" name="intent" value={intent} variant={variant} aria-disabled={pendingIntent ? true : undefined}>
      {isThis ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
      {isThis ? pendingLabel : children}
    </Button>
  );
}
