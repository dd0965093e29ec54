import { shownArg, usageError } from './cli-error.mjs';

/**
 * Reads `--name value`, `--name=value` and boolean `--flag` options until `--` or the first argument
 * that is not an option (with `stopAtCommand`; it and everything after it are returned as `rest`).
 *
 * @param {string[]} args
 * @param {{ values: string[], flags: string[], command: string, stopAtCommand?: boolean }} spec
 */
export function parseOptions(args, spec) {
  /** @type {Record<string, string | true>} */
  const options = {};
  const rest = [];
  let sawDoubleDash = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      sawDoubleDash = true;
      rest.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (spec.stopAtCommand) {
        rest.push(...args.slice(i));
        break;
      }
      throw usageError(`unexpected argument "${shownArg(arg)}" for "${spec.command}". See partner-portal ${spec.command} --help.`);
    }
    const eq = arg.indexOf('=');
    // Only the option's name is ever echoed: its value could be anything the user pasted.
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    if (/^(api-?key|key|token|secret|password)$/i.test(name)) {
      throw usageError(
        `the API key is not accepted as an option (it would be saved in your shell history and be visible in the process list). Set PORTAL_API_KEY in the environment instead.`,
      );
    }
    if (spec.flags.includes(name)) {
      if (eq !== -1) throw usageError(`--${name} takes no value.`);
      options[name] = true;
      continue;
    }
    if (!spec.values.includes(name) || !arg.startsWith('--')) {
      throw usageError(`unknown option ${shownArg(eq === -1 ? arg : arg.slice(0, eq))} for "${spec.command}". See partner-portal ${spec.command} --help.`);
    }
    let value;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = args[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2))
        throw usageError(`--${name} needs a value. See partner-portal ${spec.command} --help.`);
      if (value === '--') throw usageError(`--${name} needs a value. See partner-portal ${spec.command} --help.`);
      i++;
    }
    if (value === '') throw usageError(`--${name} needs a value. See partner-portal ${spec.command} --help.`);
    if (name in options) throw usageError(`--${name} is given more than once.`);
    options[name] = value;
  }
  return { options, rest, sawDoubleDash };
}

export const MAIN_HELP = `partner-portal — pull the secrets of a Partner Portal environment

Usage:
  partner-portal secrets pull --env <environment> [--format dotenv|json] [--out <file>] [--url <url>]
  partner-portal run --env <environment> [--url <url>] -- <command> [args…]
  partner-portal <command> --help
  partner-portal --help | --version

Commands:
  secrets pull   print the environment's secrets as a .env file or JSON, or write them to a file
  run            run a command with the environment's secrets in its environment

Configuration (environment variables):
  PORTAL_URL              the portal's address, e.g. https://portal.example.com (--url overrides it)
  PORTAL_API_KEY          an API key of your organization with the secrets:read scope. It is read
                          from the environment only, never from an option: an option would be saved
                          in your shell history and be visible to other users in the process list.
  PORTAL_TIMEOUT_SECONDS  how long to wait for the portal's answer (default 30)

Exit codes: 0 success; 1 the server refused or failed, or could not be reached; 2 a usage or
configuration error. \`run\` exits with the command's own exit code (128 + n when signal n ended it).

partner-portal prints no secret value anywhere but the output you asked for, and never the key.
`;

export const PULL_HELP = `Usage: partner-portal secrets pull --env <environment> [--format dotenv|json] [--out <file>] [--url <url>]

Fetches the secrets of one environment of your organization (every pull is recorded in the
portal's access log).

Options:
  --env <environment>    the environment, e.g. development, staging or production (required)
  --format dotenv|json   dotenv (default): one NAME=value line per secret, double-quoted with escapes
                         where needed (multi-line values become one line);
                         json: {"environment", "secrets": [{"name", "value", "kind", "version", "updatedAt"}]}
  --out <file>           write to <file> (created or replaced, mode 0600) instead of standard
                         output; only the count is printed, on standard error
  --url <url>            the portal's address; overrides PORTAL_URL
  -h, --help             this help

Needs PORTAL_API_KEY (a key with the secrets:read scope) in the environment.

Examples:
  partner-portal secrets pull --env staging --out .env
  partner-portal secrets pull --env production --format json | jq -r '.secrets[].name'
`;

export const SECRETS_HELP = `Usage: partner-portal secrets <subcommand>

Subcommands:
  pull   fetch the secrets of an environment (see partner-portal secrets pull --help)
`;

export const RUN_HELP = `Usage: partner-portal run --env <environment> [--url <url>] -- <command> [args…]

Runs <command> with the secrets of <environment> added to its environment (a secret replaces a
variable of the same name). The command shares this terminal (standard input, output and error);
SIGINT, SIGTERM and SIGHUP are passed on to it, and partner-portal exits with its exit code
(128 + n when signal n ended it). The secrets are never written to disk.

Options:
  --env <environment>   the environment, e.g. development, staging or production (required)
  --url <url>           the portal's address; overrides PORTAL_URL
  -h, --help            this help

Needs PORTAL_API_KEY (a key with the secrets:read scope) in the environment.

Examples:
  partner-portal run --env production -- node server.js
  partner-portal run --env staging -- sh -c 'psql "$DATABASE_URL" -c "select 1"'
`;
