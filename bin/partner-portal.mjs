#!/usr/bin/env node
// partner-portal — the Partner Portal's command line: pull an environment's secrets, or run a command
// with them. Plain ESM, no dependencies and nothing heavy imported: start-up time is part of every CI
// job that uses it. It prints no secret value and never the API key, except in the output asked for.
import fs from 'node:fs';
import { CliError, EXIT_USAGE, shownArg, usageError } from './lib/cli-error.mjs';
import { MAIN_HELP, PULL_HELP, RUN_HELP, SECRETS_HELP, parseOptions } from './lib/args.mjs';
import { fetchSecrets, plainHttpWarning, readConfig } from './lib/portal-api.mjs';

const PROGRAM = 'partner-portal';

function version() {
  try {
    return JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const say = (line) => process.stderr.write(`${PROGRAM}: ${line}\n`);

function requireEnvironment(options, command) {
  if (typeof options.env !== 'string') throw usageError(`--env is required, e.g. --env production. See ${PROGRAM} ${command} --help.`);
  return options.env;
}

function connection(options) {
  const config = readConfig({ url: typeof options.url === 'string' ? options.url : undefined });
  const warning = plainHttpWarning(config.baseUrl);
  if (warning) say(warning);
  return { ...config, userAgent: `partner-portal-cli/${version()} node/${process.versions.node}` };
}

/** Writes `body` to stdout and resolves once it is flushed (stdout may be a pipe). */
function writeStdout(body) {
  return new Promise((resolve) => {
    process.stdout.write(body, () => resolve());
  });
}

/** Creates or replaces `file` with mode 0600, restricting an existing file before the secrets go in. */
function writePrivateFile(file, body) {
  let fd;
  try {
    fd = fs.openSync(file, 'w', 0o600);
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, body);
  } catch (error) {
    throw new CliError(`cannot write ${file} (${error?.code ?? 'error'}).`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const countDotenvEntries = (text) => text.split('\n').filter((line) => /^(export\s+)?[A-Z_][A-Z0-9_]*\s*=/.test(line)).length;

async function pull(args) {
  const { options } = parseOptions(args, { values: ['env', 'format', 'out', 'url'], flags: ['help'], command: 'secrets pull' });
  if (options.help) return writeStdout(PULL_HELP);
  const environment = requireEnvironment(options, 'secrets pull');
  const format = options.format ?? 'dotenv';
  if (format !== 'dotenv' && format !== 'json') throw usageError(`--format must be dotenv or json (not "${shownArg(format)}").`);
  const out = typeof options.out === 'string' ? options.out : undefined;

  const result = await fetchSecrets({ ...connection(options), environment, format });
  const body = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : result;
  if (out === undefined) return writeStdout(body);
  writePrivateFile(out, body);
  const count = format === 'json' ? result.secrets.length : countDotenvEntries(body);
  say(`Wrote ${count} secret${count === 1 ? '' : 's'} from ${environment} to ${out}`);
}

async function run(args) {
  const { options, rest } = parseOptions(args, { values: ['env', 'url'], flags: ['help'], command: 'run', stopAtCommand: true });
  if (options.help) return writeStdout(RUN_HELP);
  const environment = requireEnvironment(options, 'run');
  const [command, ...commandArgs] = rest;
  if (!command) throw usageError(`no command to run. Put it after --, e.g. ${PROGRAM} run --env ${environment} -- node server.js`);

  const document = await fetchSecrets({ ...connection(options), environment, format: 'json' });
  const secrets = {};
  for (const { name, value } of document.secrets) {
    // The OS cannot pass a NUL in an environment variable; name the secret, never show the value.
    if (value.includes('\u0000') || name.includes('\u0000') || name.includes('=')) {
      throw new CliError(
        `the secret ${name.replace(/[^\w]/g, '?')} cannot be passed as an environment variable (its name or value contains a NUL byte or "=").`,
      );
    }
    secrets[name] = value;
  }

  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  return new Promise((resolve) => {
    // The child gets the secrets, not the key that fetched them (a secret named PORTAL_API_KEY still wins).
    const { PORTAL_API_KEY: _key, ...inherited } = process.env;
    const child = spawn(command, commandArgs, { stdio: 'inherit', env: { ...inherited, ...secrets } });
    const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of forwarded) process.on(signal, forward);
    const done = (code) => {
      for (const signal of forwarded) process.off(signal, forward);
      process.exitCode = code;
      resolve();
    };
    child.on('error', (error) => {
      if (error.code === 'ENOENT') say(`command not found: ${command}`);
      else if (error.code === 'EACCES') say(`cannot execute ${command} (permission denied)`);
      else say(`cannot start ${command} (${error.code ?? error.message})`);
      done(error.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (constants.signals[signal] ?? 0)));
  });
}

async function main(argv) {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(MAIN_HELP);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (first === '--help' || first === '-h' || first === 'help') return writeStdout(MAIN_HELP);
  if (first === '--version' || first === '-v') return writeStdout(`${version()}\n`);
  if (first === 'run') return run(rest);
  if (first === 'secrets') {
    const [sub, ...subArgs] = rest;
    if (sub === 'pull') return pull(subArgs);
    if (sub === '--help' || sub === '-h') return writeStdout(SECRETS_HELP);
    throw usageError(
      sub === undefined
        ? `"secrets" needs a subcommand: pull. See ${PROGRAM} secrets --help.`
        : `unknown subcommand "secrets ${shownArg(sub)}". See ${PROGRAM} secrets --help.`,
    );
  }
  if (first.startsWith('-')) throw usageError(`unknown option ${shownArg(first.split('=')[0])}. See ${PROGRAM} --help.`);
  throw usageError(`unknown command "${shownArg(first)}". See ${PROGRAM} --help.`);
}

// A closed pipe (`… | head`) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof CliError) {
    say(error.message);
    process.exitCode = error.exitCode;
    return;
  }
  // Unexpected: report the kind of error only (its message could quote a response).
  say(`unexpected error (${error?.code ?? error?.name ?? 'unknown'}). Please report it.`);
  process.exitCode = 1;
});
