import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { actionSpecs, nonFormActions } from '@/lib/actions/action-registry';
import { DEFINED_ACTION } from '@/lib/actions/define-action';

// Importing the modules is enough: nothing is called. Auth.js (next-auth) does not load outside Next.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
vi.mock('@/lib/auth/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));

// Every server action goes through the one wrapper (validate, policy, transaction, audit): an export
// of a 'use server' module that defineAction did not build is a way around it.

const root = process.cwd();

/**
 * The only exports allowed without defineAction: Auth.js session calls, which change no data of ours
 * through an action spec (sign-in is throttled and checked in lib/auth; sign-out only ends the session).
 */
const notBuiltByDefineAction: Record<string, string[]> = {
  'app/_actions/sign-out.ts': ['signOutAction'],
  'app/(auth)/login/actions.ts': ['signInWithPassword', 'signInWithPasskey'],
  // The second step of signing in: throttled and checked in lib/identity/second-factor-sign-in.ts.
  'app/(auth)/two-factor/actions.ts': ['verifySecondFactor'],
  'app/(invite)/invite/[token]/actions.ts': ['signOutAndReturn'],
};

function serverActionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverActionFiles(full);
    if (!/\.(ts|tsx)$/.test(entry.name)) return [];
    return /^\s*['"]use server['"]/.test(fs.readFileSync(full, 'utf8')) ? [path.relative(root, full)] : [];
  });
}

const files = [...serverActionFiles(path.join(root, 'app')), ...serverActionFiles(path.join(root, 'components'))].sort();

async function exportsOf(file: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
}

describe("every export of a 'use server' module is built by defineAction", () => {
  it('finds the server action modules', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of Object.keys(notBuiltByDefineAction)) expect(files, `${file} is listed as an exception but is not a 'use server' module`).toContain(file);
  });

  for (const file of files) {
    it(file, async () => {
      const mod = await exportsOf(file);
      const allowed = notBuiltByDefineAction[file] ?? [];
      for (const name of allowed) expect(mod, `${file} no longer exports ${name}: drop it from the exceptions`).toHaveProperty(name);
      for (const [name, value] of Object.entries(mod)) {
        if (allowed.includes(name)) continue;
        expect(typeof value, `${file}: ${name}`).toBe('function');
        expect((value as { [DEFINED_ACTION]?: unknown })[DEFINED_ACTION], `${file}: ${name} is not built by defineAction`).toBeDefined();
      }
    });
  }

  it('every registered spec is reachable from some defineAction, or listed as API/ops only', async () => {
    const built = new Set<unknown>();
    for (const file of files) {
      for (const value of Object.values(await exportsOf(file))) {
        const spec = (value as { [DEFINED_ACTION]?: unknown } | null)?.[DEFINED_ACTION];
        if (spec) built.add(spec);
      }
    }
    const unreachable = Object.entries(actionSpecs)
      .filter(([name, spec]) => !built.has(spec) && !(name in nonFormActions))
      .map(([name]) => name);
    expect(unreachable, 'specs no server action runs (build one with defineAction, or list them in nonFormActions)').toEqual([]);
    const stale = Object.keys(nonFormActions).filter((name) => built.has(actionSpecs[name as keyof typeof actionSpecs]));
    expect(stale, 'listed in nonFormActions but built by defineAction').toEqual([]);
    // And nothing is built from a spec the registry does not know.
    const registered = new Set<unknown>(Object.values(actionSpecs));
    const unregistered = [...built].filter((spec) => !registered.has(spec)).map((spec) => (spec as { name?: string }).name);
    expect(unregistered, 'specs built by defineAction but missing from lib/actions/action-registry.ts').toEqual([]);
  });
});
