import { Badge } from '@/components/ui/badge';
import { secretKindLabels, type SecretKind } from './secret-vocabulary';

/** Third-party API keys stand out: they are someone else's credentials and usually rotated by hand. */
export function SecretKindBadge({ kind }: { kind: SecretKind }) {
  return <Badge tone={kind === 'api_key' ? 'warning' : 'neutral'}>{secretKindLabels[kind]}</Badge>;
}
