/**
 * The `.env` dialect of docker compose and dotenv(js), for importing pasted files and exporting an
 * environment. Pure: no imports, usable on the server, in the browser and in tests.
 *
 * Read:
 *   NAME=value            unquoted values are trimmed; ` #` (whitespace, then #) starts a comment
 *   export NAME=value     the `export ` prefix is ignored
 *   NAME = value          whitespace around `=` is tolerated
 *   NAME=                 an empty value
 *   NAME='literal'        single quotes and backticks: literal, no escapes, may span lines
 *   NAME="a\nb"           double quotes: \n \r \t \" \\ are escapes (any other \x stays as it is),
 *                         may span lines
 *   # comment             full-line comments and blank lines are skipped; CRLF is read as LF
 *
 * There is no variable expansion: `${OTHER}` and `$OTHER` stay literal text. A secret manager
 * stores what was pasted; expanding would silently change values (and depend on import order).
 */

export interface DotenvEntry {
  name: string;
  value: string;
  /** The (1-based) line where the entry starts. */
  line: number;
}

export interface DotenvError {
  line: number;
  /** Starts with `Line N: `. Never contains a value: only names, and those shortened. */
  message: string;
}

export interface DotenvParseResult {
  /** One per name, in order of first appearance; for a duplicated name, the last value (and its line). */
  entries: DotenvEntry[];
  errors: DotenvError[];
  /** Names given more than once (each listed once). The last value wins. */
  duplicates: string[];
}

export const SECRET_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

const QUOTES = new Set(['"', "'", '`']);
const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

/** A name as shown in an error: what was typed before `=`, shortened (it might be a stray value). */
function shown(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}

export function parseDotenv(text: string): DotenvParseResult {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const byName = new Map<string, DotenvEntry>();
  const errors: DotenvError[] = [];
  const duplicates = new Set<string>();

  let pos = 0;
  let line = 1;
  const fail = (at: number, message: string) => errors.push({ line: at, message: `Line ${at}: ${message}` });

  while (pos < source.length) {
    const eol = source.indexOf('\n', pos);
    const lineEnd = eol === -1 ? source.length : eol;
    const startLine = line;
    const raw = source.slice(pos, lineEnd);
    const advanceLine = () => {
      pos = lineEnd + 1;
      line++;
    };

    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      advanceLine();
      continue;
    }

    let body = raw.replace(/^\s+/, '');
    const exported = /^export[ \t]+/.exec(body);
    if (exported) body = body.slice(exported[0].length);
    const eq = body.indexOf('=');
    if (eq === -1) {
      fail(startLine, exported ? `"export ${shown(body.trim())}" has no value: write NAME=value` : 'expected NAME=value (no "=" on this line)');
      advanceLine();
      continue;
    }
    const name = body.slice(0, eq).trim();
    // Where the value starts in `source` (just after the `=`).
    const valueStart = lineEnd - (body.length - eq - 1);

    let cursor = valueStart;
    while (isBlank(source[cursor])) cursor++;
    const first = source[cursor];
    let value: string;
    let valueOk = true;

    if (first !== undefined && QUOTES.has(first)) {
      const quoted = readQuoted(source, cursor, first);
      if (!quoted) {
        const kind = first === '"' ? 'double quote' : first === "'" ? 'single quote' : 'backtick';
        fail(startLine, `the ${kind} that opens the value of ${name ? `"${shown(name)}"` : 'this line'} is never closed`);
        // Everything after an unclosed quote belongs to the value: nothing further can be read reliably.
        break;
      }
      value = quoted.value;
      // Count the lines the quoted value spans.
      for (let i = cursor; i < quoted.end; i++) if (source[i] === '\n') line++;
      const restEnd = source.indexOf('\n', quoted.end);
      const rest = source.slice(quoted.end, restEnd === -1 ? source.length : restEnd);
      const afterQuote = rest.replace(/^[ \t]+/, '');
      if (afterQuote !== '' && !afterQuote.startsWith('#')) {
        fail(
          startLine,
          `unexpected text after the closing quote of ${name ? `"${shown(name)}"` : 'this value'} (quote the whole value, or add a space before a # comment)`,
        );
        valueOk = false;
      }
      pos = restEnd === -1 ? source.length : restEnd + 1;
      line++;
    } else {
      // Unquoted: up to the end of the line or a ` #` comment; trimmed.
      const rest = source.slice(valueStart, lineEnd);
      // `NAME=#abc` is the value "#abc"; `NAME= # note` is an empty value with a comment.
      const comment = /[ \t]#/.exec(rest);
      value = (comment ? rest.slice(0, comment.index) : rest).trim();
      advanceLine();
    }

    if (!SECRET_NAME_PATTERN.test(name)) {
      fail(startLine, name === '' ? 'a name is missing before "="' : `"${shown(name)}" is not a valid name: use A–Z, 0–9 and _, not starting with a digit`);
      continue;
    }
    if (!valueOk) continue;
    const previous = byName.get(name);
    if (previous) {
      duplicates.add(name);
      previous.value = value;
      previous.line = startLine;
    } else {
      byName.set(name, { name, value, line: startLine });
    }
  }

  return { entries: [...byName.values()], errors, duplicates: [...duplicates] };
}

/** Reads a quoted value starting at `open` (the quote). Null when the quote is never closed. */
function readQuoted(source: string, open: number, quote: string): { value: string; end: number } | null {
  if (quote !== '"') {
    const close = source.indexOf(quote, open + 1);
    return close === -1 ? null : { value: source.slice(open + 1, close), end: close + 1 };
  }
  let value = '';
  for (let i = open + 1; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\' && i + 1 < source.length) {
      const next = source[++i]!;
      if (next === 'n') value += '\n';
      else if (next === 'r') value += '\r';
      else if (next === 't') value += '\t';
      else if (next === '"' || next === '\\') value += next;
      else value += `\\${next}`;
      continue;
    }
    value += ch;
  }
  return null;
}

// Bare values are safe in every reader: no whitespace, comment marks, quotes, `=`, `$`, backslashes or
// control characters.
const NEEDS_QUOTES = /[\s#"'`=$\\\u0000-\u001f\u007f]/;

/**
 * One `NAME=value` line per entry, in the order given, ending with a newline. Values that need it are
 * double-quoted with `\\`, `\"`, `\n` and `\r` escaped, so `parseDotenv(serializeDotenv(x))` gives
 * back exactly `x` (multi-line values such as PEM keys become one line). `$` is not escaped: this
 * dialect does not expand variables (readers that do, e.g. a shell's `source`, see `$` inside
 * double quotes).
 */
export function serializeDotenv(entries: readonly { name: string; value: string }[]): string {
  let out = '';
  for (const { name, value } of entries) {
    if (!SECRET_NAME_PATTERN.test(name)) throw new TypeError(`serializeDotenv: "${shown(name)}" is not a valid name`);
    out += `${name}=${quoteValue(value)}\n`;
  }
  return out;
}

function quoteValue(value: string): string {
  if (value === '' || !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/[\\"\n\r]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : `\\${ch}`))}"`;
}
