import type { ApiScope } from '@/db/schema/api-keys';

/** A key's scopes as small monospace chips; "none" when the key may only call `/me`. */
export function ScopeChips({ scopes }: { scopes: readonly ApiScope[] }) {
  if (scopes.length === 0) return <span className="text-zinc-500">none</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {scopes.map((scope) => (
        <li key={scope} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] leading-4 whitespace-nowrap text-zinc-700">
          {scope}
        </li>
      ))}
    </ul>
  );
}
