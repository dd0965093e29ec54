'use client';

import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Alert } from '@/components/ui/alert';
import { Input, Select } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import type { FormAction } from '@/lib/actions/action-spec';
import { dateInputValue, endpointStatusLabels, lifecycleNote, pathTemplateHint } from './catalog-vocabulary';
import { CodeDefinedEndpoint } from './code-defined-endpoint';
import type { EndpointFormOptions, EndpointFormValues } from './endpoint-form-types';
import { TextareaField } from './textarea-field';

/**
 * Adds an endpoint to an API (`apiId`) or edits one (`endpoint`). The portal's own endpoints follow
 * its code: their method, path, scope and description are shown, sent back unchanged, and only the
 * lifecycle (status, sunset) is editable.
 */
export function EndpointForm({
  action,
  apiId,
  endpoint,
  basePath,
  options,
}: {
  action: FormAction;
  apiId?: string;
  endpoint?: EndpointFormValues;
  basePath: string;
  options: EndpointFormOptions;
}) {
  const { state, formAction, values, formRef, onSubmit, fieldError } = useActionForm(action);
  const creating = !endpoint;
  // After an endpoint is added the form starts over for the next one; an edit keeps what was saved.
  const kept = creating && state?.ok ? {} : values;
  const value = (name: string, current: string | null | undefined, fallback = '') => kept[name] ?? current ?? fallback;
  const codeDefined = endpoint?.source === 'openapi';
  const selectKey = (name: string) => `${name}-${kept[name] ?? ''}-${state?.ok ? 'saved' : ''}`;

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate aria-label={creating ? 'Add endpoint' : 'Edit endpoint'} className="space-y-6">
      <FormMessage state={state} />
      {apiId ? <input type="hidden" name="apiId" value={apiId} /> : null}
      {endpoint ? <input type="hidden" name="endpointId" value={endpoint.id} /> : null}

      <div className="grid max-w-2xl gap-5">
        {codeDefined && endpoint ? (
          <CodeDefinedEndpoint endpoint={endpoint} basePath={basePath} error={fieldError('path')} />
        ) : (
          <>
            <div className="grid gap-5 sm:grid-cols-[9rem_1fr]">
              <Select
                label="Method"
                name="method"
                required
                defaultValue={value('method', endpoint?.method, 'GET')}
                key={selectKey('method')}
                error={fieldError('method')}
              >
                {options.methods.map((method) => (
                  <option key={method} value={method}>
                    {method}
                  </option>
                ))}
              </Select>
              <Input
                label="Path"
                name="path"
                required
                maxLength={200}
                autoComplete="off"
                spellCheck={false}
                placeholder="/orders/{id}"
                hint={pathTemplateHint}
                defaultValue={value('path', endpoint?.path)}
                error={fieldError('path')}
              />
            </div>
            <TextareaField
              label="Description"
              name="description"
              rows={3}
              maxLength={2000}
              placeholder="What a call to this endpoint does"
              hint="Optional. Shown in the catalog."
              defaultValue={value('description', endpoint?.description)}
              error={fieldError('description')}
            />
            <Select
              label="Required scope"
              name="requiredScope"
              defaultValue={value('requiredScope', endpoint ? (endpoint.requiredScope ?? '') : undefined)}
              key={selectKey('requiredScope')}
              hint="The scope a key needs to call it. None: any valid key."
              error={fieldError('requiredScope')}
              className="max-w-xs"
            >
              <option value="">None</option>
              {options.scopes.map((scope) => (
                <option key={scope} value={scope}>
                  {scope}
                </option>
              ))}
            </Select>
          </>
        )}

        <fieldset className="space-y-4 rounded-lg border border-zinc-200 p-4">
          <legend className="px-1 text-sm font-medium text-zinc-800">Lifecycle</legend>
          <Alert tone="info">{lifecycleNote}</Alert>
          <div className="grid gap-5 sm:grid-cols-2">
            <Select
              label="Status"
              name="status"
              defaultValue={value('status', endpoint?.status, 'active')}
              key={selectKey('status')}
              error={fieldError('status')}
            >
              {options.statuses.map((status) => (
                <option key={status} value={status}>
                  {endpointStatusLabels[status]}
                </option>
              ))}
            </Select>
            <Input
              label="Sunset date"
              name="sunsetAt"
              type="date"
              hint="Optional. The day it stops working (UTC), announced in the Sunset header while deprecated."
              defaultValue={value('sunsetAt', endpoint ? dateInputValue(endpoint.sunsetAt) : undefined)}
              error={fieldError('sunsetAt')}
            />
          </div>
        </fieldset>
      </div>

      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-5">
        <SubmitButton pendingLabel={creating ? 'Adding…' : 'Saving…'}>{creating ? 'Add endpoint' : 'Save endpoint'}</SubmitButton>
      </div>
    </form>
  );
}
