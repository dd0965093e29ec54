/** An error the CLI explains in one line on stderr and exits with. */
export class CliError extends Error {
  /**
   * @param {string} message shown after `partner-portal: `; never contains a secret value or the key
   * @param {number} exitCode 1 the server refused or failed, 2 usage or configuration
   */
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const EXIT_API = 1;
export const EXIT_USAGE = 2;

export const usageError = (message) => new CliError(message, EXIT_USAGE);

/** Text that came from a server, safe to print on one line: no control characters, bounded. */
export function printable(text, max = 300) {
  const clean = String(text ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A command-line argument as echoed in a usage error: never something that looks like an API key. */
export function shownArg(arg) {
  return /pp_(test|live)_/.test(arg) ? '(what looks like an API key; set PORTAL_API_KEY instead)' : printable(arg, 60);
}
