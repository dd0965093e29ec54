/**
 * The scope a key needs to call the endpoint, styled like a key's scope chips
 * (components/keys/scope-chips.tsx, which takes only scopes the portal issues today; a catalog entry
 * may name another). Without a scope, any valid key may call it.
 */
export function EndpointScope({ scope }: { scope: string | null }) {
  if (!scope) return <span className="text-xs text-zinc-500">Any key</span>;
  return <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] leading-4 whitespace-nowrap text-zinc-700">{scope}</code>;
}
