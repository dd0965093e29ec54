import { spawn } from 'node:child_process';
import path from 'node:path';
import { serverNodeFlags } from './server-node-flags';

/** Runs the `next` CLI with this process's environment, forwarding signals so that Ctrl-C and SIGTERM stop it cleanly. */
export function runNext(args: string[], env: NodeJS.ProcessEnv): void {
  const bin = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [bin, ...args], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The production server (scripts/serve.mjs: `next start` plus the real client address). */
export function runServer(args: string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, [...serverNodeFlags(), path.join(process.cwd(), 'scripts', 'serve.mjs'), ...args], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** `--port 3001` style flags passed after `npm run dev --`/`npm start --` go straight to next. */
export const passThroughArgs = () => process.argv.slice(2);
