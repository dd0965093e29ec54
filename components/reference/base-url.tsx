'use client';

import { useOrigin } from './use-origin';

export function BaseUrl({ basePath }: { basePath: string }) {
  const origin = useOrigin();
  return <code className="font-mono text-sm break-all text-zinc-900">{`${origin}${basePath}`}</code>;
}
