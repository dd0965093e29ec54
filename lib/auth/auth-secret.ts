import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const devSecretFile = () => path.join(process.cwd(), '.data', 'auth-secret');

/**
 * `AUTH_SECRET` signs the session cookies. Production must set it; in development one is
 * generated once into `.data/` so that sessions survive restarts with nothing to configure.
 */
export function resolveAuthSecret(): string {
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    throw new Error('AUTH_SECRET is required in production: generate one with `openssl rand -base64 32`.');
  }
  const file = devSecretFile();
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
