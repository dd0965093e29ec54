import { Alert } from '@/components/ui/alert';
import { formatNumber } from '@/components/ui/format';
import type { ImportPlan } from '@/lib/secrets/import-dotenv';

function NameGroup({ id, title, names, tone }: { id: string; title: string; names: string[]; tone: string }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-zinc-200">
      <h3 id={id} className={`border-b border-zinc-100 px-4 py-2 text-sm font-semibold ${tone}`}>
        {title} ({formatNumber(names.length)})
      </h3>
      {names.length === 0 ? (
        <p className="px-4 py-2 text-sm text-zinc-500">None.</p>
      ) : (
        <ul aria-labelledby={id} className="max-h-64 divide-y divide-zinc-100 overflow-auto">
          {names.map((name) => (
            <li key={name} className="px-4 py-1.5 font-mono text-sm break-all text-zinc-900">
              {name}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The preview: names only, never values (the current ones were compared on the server). */
export function ImportPlanView({ plan }: { plan: ImportPlan }) {
  return (
    <div className="space-y-4">
      {plan.duplicates.length > 0 ? (
        <Alert tone="warning" title="Defined more than once">
          The last line wins for <span className="font-mono">{plan.duplicates.join(', ')}</span>.
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-3">
        <NameGroup id="plan-add" title="Added" names={plan.add} tone="text-emerald-800" />
        <NameGroup id="plan-change" title="Changed" names={plan.change} tone="text-indigo-800" />
        <NameGroup id="plan-unchanged" title="Unchanged" names={plan.unchanged} tone="text-zinc-700" />
      </div>
    </div>
  );
}
