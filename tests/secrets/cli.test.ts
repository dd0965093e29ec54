/**
 * The `partner-portal` CLI as a user runs it: `node bin/partner-portal.mjs …` as a child process,
 * against a small local server that answers as the portal's GET /api/v1/secrets does (fixed bodies per
 * case). This holds the CLI to the contract independently of the app; an end-to-end test against the
 * real server lives elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serializeDotenv } from '@/lib/secrets/dotenv';

const BIN = path.resolve(import.meta.dirname, '../../bin/partner-portal.mjs');
const API_KEY = 'pp_live_Cli0Test0Key0Abcdefghijk123456';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj==\n-----END PRIVATE KEY-----';

const SECRETS = [
  { name: 'DATABASE_URL', value: 'postgres://app:Sup3r-s3cret-pw@db.internal:5432/app', kind: 'env_var', version: 3, updatedAt: '2026-01-02T03:04:05.000Z' },
  { name: 'STRIPE_KEY', value: 'sk_live_51HxQzV2eZvKYlo2C8a7bNqEw0Xy', kind: 'api_key', version: 1, updatedAt: '2026-01-02T03:04:05.000Z' },
  { name: 'PRIVATE_KEY', value: PEM, kind: 'env_var', version: 2, updatedAt: '2026-01-02T03:04:05.000Z' },
  { name: 'GREETING', value: 'héllo "wörld" $HOME #1', kind: 'env_var', version: 1, updatedAt: '2026-01-02T03:04:05.000Z' },
  { name: 'EXIT_CODE', value: '7', kind: 'env_var', version: 1, updatedAt: '2026-01-02T03:04:05.000Z' },
];
// Values that must never show up on stderr (short ones like "7" are left out: they occur in any text).
const SECRET_VALUES = SECRETS.map((s) => s.value).filter((v) => v.length > 8);
const DOCUMENT = { environment: 'production', secrets: SECRETS };
const DOTENV = serializeDotenv(SECRETS);

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
}
type Responder = (req: Seen, res: http.ServerResponse) => void;

const problem = (res: http.ServerResponse, status: number, type: string, title: string, detail: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/problem+json', 'x-request-id': 'req_header0000000000', ...headers });
  res.end(JSON.stringify({ type: `/docs/v1/errors#${type}`, title, status, detail, requestId: 'req_Abc123Def456Ghi789Jk' }));
};

/** Answers as the real route: environment "production" exists, the key is API_KEY with secrets:read. */
const portal: Responder = (req, res) => {
  if (req.url.pathname !== '/api/v1/secrets')
    return problem(res, 404, 'not-found', 'Not found', `There is no GET ${req.url.pathname}. See /api/v1/openapi.json for the routes.`);
  if (req.headers.authorization !== `Bearer ${API_KEY}`)
    return problem(res, 401, 'unauthorized', 'Unauthorized', 'The API key is missing, malformed, unknown, revoked or expired.');
  if (req.url.searchParams.get('environment') !== 'production')
    return problem(res, 404, 'not-found', 'Not found', 'There is no environment with this name in your organization.');
  if (req.url.searchParams.get('format') === 'dotenv') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(DOTENV);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(DOCUMENT));
};

let server: http.Server;
let baseUrl = '';
let respond: Responder = portal;
const requests: Seen[] = [];
const allStderr: string[] = [];
const allStdout: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cli-test-'));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const seen = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://x'), headers: req.headers };
    requests.push(seen);
    respond(seen, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(tmp, { recursive: true, force: true });
  // Whatever each test checked, no run printed a secret value on stderr, or the key anywhere.
  for (const text of allStderr) {
    for (const value of SECRET_VALUES) expect(text).not.toContain(value);
    expect(text).not.toContain(API_KEY);
  }
  for (const text of allStdout) expect(text).not.toContain(API_KEY);
});

beforeEach(() => {
  respond = portal;
  requests.length = 0;
});

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string | undefined> = {}, onSpawn?: (child: ChildProcess, output: () => string) => void): Promise<Result> {
  const base: Record<string, string | undefined> = { ...process.env, PORTAL_URL: baseUrl, PORTAL_API_KEY: API_KEY, PORTAL_TIMEOUT_SECONDS: undefined };
  const childEnv = Object.fromEntries(Object.entries({ ...base, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      allStdout.push(stdout);
      allStderr.push(stderr);
      resolve({ code, signal, stdout, stderr });
    });
    onSpawn?.(child, () => stdout);
  });
}

/** An error run: exit code, one line on stderr matching `message`, nothing on stdout. */
async function expectError(args: string[], env: Record<string, string | undefined>, code: number, message: RegExp) {
  const result = await cli(args, env);
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code, stdout: '' });
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^partner-portal: /);
  expect(result.stderr).toMatch(message);
  return result;
}

describe('secrets pull', () => {
  it('prints the environment as a .env file on stdout by default, asking the server for dotenv with the key as a bearer token', async () => {
    const result = await cli(['secrets', 'pull', '--env', 'production']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(DOTENV);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!.url.pathname).toBe('/api/v1/secrets');
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ environment: 'production', format: 'dotenv' });
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(requests[0]!.headers['user-agent']).toMatch(/^partner-portal-cli\/\d/);
  });

  it('prints the JSON document with --format json', async () => {
    const result = await cli(['secrets', 'pull', '--env=production', '--format', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(DOCUMENT);
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ environment: 'production' });
  });

  it('writes --out as a 0600 file and prints only the count on stderr', async () => {
    const file = path.join(tmp, 'pulled.env');
    const result = await cli(['secrets', 'pull', '--env', 'production', '--out', file]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(`partner-portal: Wrote ${SECRETS.length} secrets from production to ${file}\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(DOTENV);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('replaces an existing --out file and makes it 0600', async () => {
    const file = path.join(tmp, 'existing.env');
    fs.writeFileSync(file, 'OLD=1\n'.repeat(100), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const result = await cli(['secrets', 'pull', '--env', 'production', '--format', 'json', '--out', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`partner-portal: Wrote ${SECRETS.length} secrets from production to ${file}\n`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(DOCUMENT);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('says when --out cannot be written', async () => {
    await expectError(
      ['secrets', 'pull', '--env', 'production', '--out', path.join(tmp, 'no-such-dir', '.env')],
      {},
      1,
      /cannot write .*no-such-dir.* \(ENOENT\)/,
    );
  });

  it('takes --url over PORTAL_URL and tolerates a trailing slash; keeps a base path', async () => {
    const viaFlag = await cli(['secrets', 'pull', '--env', 'production', '--url', `${baseUrl}/`], { PORTAL_URL: 'http://127.0.0.1:1' });
    expect(viaFlag).toMatchObject({ code: 0, stdout: DOTENV });
    const slash = await cli(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: `${baseUrl}/` });
    expect(slash).toMatchObject({ code: 0, stdout: DOTENV });
    await cli(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: `${baseUrl}/portal` });
    expect(requests.at(-1)!.url.pathname).toBe('/portal/api/v1/secrets');
  });

  it('sends the environment name URL-encoded', async () => {
    await cli(['secrets', 'pull', '--env', 'a b&c=d']);
    expect(requests[0]!.url.searchParams.get('environment')).toBe('a b&c=d');
  });
});

describe('run', () => {
  it('passes the secrets to the command and exits with its exit code', async () => {
    const result = await cli(['run', '--env', 'production', '--', process.execPath, '-e', 'process.exit(Number(process.env.EXIT_CODE))']);
    expect(result).toMatchObject({ code: 7, stdout: '', stderr: '' });
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({ environment: 'production' });
  });

  it('gives the command every value exactly (multi-line, quotes, unicode), over the inherited environment', async () => {
    const script = `process.stdout.write(JSON.stringify({ pem: process.env.PRIVATE_KEY, greeting: process.env.GREETING, db: process.env.DATABASE_URL, kept: process.env.KEPT, portalKey: process.env.PORTAL_API_KEY ?? null }))`;
    const result = await cli(['run', '--env', 'production', '--', process.execPath, '-e', script], { DATABASE_URL: 'overridden', KEPT: 'yes' });
    expect(result.code).toBe(0);
    // The portal key that fetched the secrets is not handed to the command.
    expect(JSON.parse(result.stdout)).toEqual({ pem: PEM, greeting: SECRETS[3]!.value, db: SECRETS[0]!.value, kept: 'yes', portalKey: null });
  });

  it('takes the command without -- too, leaving its options alone', async () => {
    const result = await cli([
      'run',
      '--env',
      'production',
      process.execPath,
      '-e',
      'process.stdout.write(process.argv.slice(1).join(","))',
      '--',
      '--env',
      'x',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: '--env,x' });
  });

  it('exits with 128 + the signal number when the command is killed', async () => {
    const result = await cli(['run', '--env', 'production', '--', process.execPath, '-e', 'process.kill(process.pid, "SIGKILL")']);
    expect(result.code).toBe(128 + os.constants.signals.SIGKILL);
  });

  it('forwards SIGTERM to the command and exits with its code', async () => {
    const script =
      'process.on("SIGTERM", () => { process.stdout.write("got SIGTERM"); process.exit(42) }); process.stdout.write("ready"); setInterval(() => {}, 1000)';
    const result = await cli(['run', '--env', 'production', '--', process.execPath, '-e', script], {}, (child, output) => {
      const poll = setInterval(() => {
        if (output().includes('ready')) {
          clearInterval(poll);
          child.kill('SIGTERM');
        }
      }, 10);
    });
    expect(result).toMatchObject({ code: 42, stdout: 'readygot SIGTERM' });
  });

  it('says when the command does not exist (exit 127)', async () => {
    await expectError(['run', '--env', 'production', '--', 'no-such-command-pp-test'], {}, 127, /command not found: no-such-command-pp-test/);
  });

  it('runs nothing when the secrets cannot be fetched', async () => {
    const marker = path.join(tmp, 'ran');
    await expectError(
      ['run', '--env', 'prod', '--', process.execPath, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`],
      {},
      1,
      /no environment "prod"/,
    );
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('needs a command', async () => {
    await expectError(['run', '--env', 'production'], {}, 2, /no command to run/);
    await expectError(['run', '--env', 'production', '--'], {}, 2, /no command to run/);
  });
});

describe('refusals from the server', () => {
  it('401: the key was refused', async () => {
    const result = await expectError(
      ['secrets', 'pull', '--env', 'production'],
      { PORTAL_API_KEY: 'pp_live_revokedKey000000000000000000' },
      1,
      /^partner-portal: the API key was refused \(401\)\. Check PORTAL_API_KEY; it may be revoked or expired\. \(request req_Abc123Def456Ghi789Jk\)\n$/,
    );
    expect(result.stderr).not.toContain('revokedKey');
  });

  it('401 with something that is not a portal key: says so, without echoing it', async () => {
    const result = await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_API_KEY: 'ghp_notAPortalKey' }, 1, /does not look like a portal key/);
    expect(result.stderr).not.toContain('ghp_notAPortalKey');
  });

  it('403 insufficient-scope: the key lacks secrets:read', async () => {
    respond = (_req, res) => problem(res, 403, 'insufficient-scope', 'Insufficient scope', 'This key does not have the secrets:read scope.');
    await expectError(
      ['secrets', 'pull', '--env', 'production'],
      {},
      1,
      /^partner-portal: this key lacks the secrets:read scope \(403\)\. .*\(request req_Abc123Def456Ghi789Jk\)$/m,
    );
  });

  it('403 forbidden: the key may not read that environment', async () => {
    respond = (_req, res) => problem(res, 403, 'forbidden', 'Forbidden', 'A test key cannot read the production environment.');
    await expectError(
      ['secrets', 'pull', '--env', 'production'],
      {},
      1,
      /^partner-portal: this key may not read the "production" environment \(403\): A test key cannot read the production environment\. \(request req_/,
    );
  });

  it('403 for an inactive organization and an IP not allowed', async () => {
    respond = (_req, res) => problem(res, 403, 'organization-inactive', 'Organization not active', 'The organization is suspended.');
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /your organization is not active \(403\): The organization is suspended\./);
    respond = (_req, res) => problem(res, 403, 'ip-not-allowed', 'IP address not allowed', 'Calls from 10.0.0.1 are not allowed for this key.');
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /may not be used from this IP address \(403\)/);
  });

  it('404: no such environment', async () => {
    await expectError(
      ['secrets', 'pull', '--env', 'prod'],
      {},
      1,
      /^partner-portal: no environment "prod" in your organization \(404\)\. Check --env.*\(request req_Abc123Def456Ghi789Jk\)$/m,
    );
  });

  it('404 from the API fallback: the portal has no secrets API (wrong base path or an older portal)', async () => {
    await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: `${baseUrl}/wrong` }, 1, /has no secrets API \(404\)\. Check PORTAL_URL/);
  });

  it('400: the server’s reason and field errors', async () => {
    respond = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: '/docs/v1/errors#invalid-request',
          title: 'Invalid request',
          status: 400,
          detail: 'The request query parameters are not valid.',
          requestId: 'req_x',
          errors: { 'query.environment': ['Too long'] },
        }),
      );
    };
    await expectError(
      ['secrets', 'pull', '--env', 'production'],
      {},
      1,
      /the request was refused \(400\): The request query parameters are not valid\. \(query\.environment: Too long\) \(request req_x\)/,
    );
  });

  it('429: rate limited (with Retry-After) and quota used up', async () => {
    respond = (_req, res) => problem(res, 429, 'rate-limited', 'Rate limit exceeded', 'Too many requests.', { 'retry-after': '17' });
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /rate limit exceeded \(429\); try again in 17 s\./);
    respond = (_req, res) => problem(res, 429, 'quota-exceeded', 'Monthly quota exceeded', 'The monthly quota of 1000 requests is used up.');
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /monthly quota is used up \(429\)/);
  });

  it('500: the server failed, with the request id to quote', async () => {
    respond = (_req, res) => problem(res, 500, 'internal', 'Internal error', 'Something went wrong on our side.');
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /the server failed \(500\).*\(request req_Abc123Def456Ghi789Jk\)/);
    respond = (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    };
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /the server failed \(502\)/);
  });

  it('something that is not the portal: a 200 HTML page, a non-problem 404, a redirect', async () => {
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hello</html>');
    };
    await expectError(
      ['secrets', 'pull', '--env', 'production'],
      {},
      1,
      /answered 200 \(text\/html\), which is not the portal's secrets API\. Check PORTAL_URL/,
    );
    await expectError(['secrets', 'pull', '--env', 'production', '--format', 'json'], {}, 1, /which is not the portal's secrets API/);
    respond = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>not found</html>');
    };
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /answered 404 without a problem document/);
    respond = (_req, res) => {
      res.writeHead(301, { location: 'https://portal.example.com/api/v1/secrets' });
      res.end();
    };
    await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /redirects \(301 to https:\/\/portal\.example\.com\/api\/v1\/secrets\)/);
    expect(requests).toHaveLength(4);
  });

  it('strips control characters from the server’s text', async () => {
    respond = (_req, res) => problem(res, 403, 'forbidden', 'Forbidden', 'evil\u001b[2J\nsecond line');
    const result = await expectError(['secrets', 'pull', '--env', 'production'], {}, 1, /evil \[2J second line/);
    expect(result.stderr).not.toContain('\u001b');
  });
});

describe('connection problems', () => {
  it('an unreachable server', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expectError(
      ['secrets', 'pull', '--env', 'production'],
      { PORTAL_URL: `http://127.0.0.1:${port}` },
      1,
      new RegExp(`^partner-portal: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED.*\\)\\. Check PORTAL_URL\\.$`, 'm'),
    );
  });

  it('a server that does not answer in time (PORTAL_TIMEOUT_SECONDS)', async () => {
    respond = () => {}; // never answers
    const started = Date.now();
    await expectError(
      ['secrets', 'pull', '--env', 'production'],
      { PORTAL_TIMEOUT_SECONDS: '0.5' },
      1,
      /no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.5 s\. Check PORTAL_URL, or try again later\./,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    server.closeAllConnections();
  });

  it('warns when the key would cross the network over plain http', async () => {
    const result = await cli(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: 'http://portal.invalid', PORTAL_TIMEOUT_SECONDS: '5' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^partner-portal: warning: http:\/\/portal\.invalid is plain http/);
    expect(result.stderr).toMatch(/cannot reach http:\/\/portal\.invalid \((ENOTFOUND|EAI_AGAIN)/);
  });
});

describe('configuration and usage errors (exit 2, no request made)', () => {
  it('PORTAL_URL missing or not an http(s) URL', async () => {
    await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: undefined }, 2, /PORTAL_URL is not set/);
    await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: 'not a url' }, 2, /PORTAL_URL is not a URL/);
    await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_URL: 'ftp://example.com' }, 2, /PORTAL_URL must start with http:\/\/ or https:\/\//);
    await expectError(['run', '--env', 'production', '--url', 'nope', '--', 'true'], {}, 2, /--url is not a URL/);
    expect(requests).toHaveLength(0);
  });

  it('PORTAL_API_KEY missing or with characters a header cannot carry', async () => {
    await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_API_KEY: undefined }, 2, /PORTAL_API_KEY is not set/);
    await expectError(['run', '--env', 'production', '--', 'true'], { PORTAL_API_KEY: '  ' }, 2, /PORTAL_API_KEY is not set/);
    const result = await expectError(['secrets', 'pull', '--env', 'production'], { PORTAL_API_KEY: 'pp_live_abc\u0001def' }, 2, /PORTAL_API_KEY contains/);
    expect(result.stderr).not.toContain('abc');
    expect(requests).toHaveLength(0);
  });

  it('reads a key with surrounding whitespace (a pasted newline)', async () => {
    const result = await cli(['secrets', 'pull', '--env', 'production'], { PORTAL_API_KEY: `${API_KEY}\n` });
    expect(result.code).toBe(0);
  });

  it('refuses the key as an option, without echoing it', async () => {
    for (const flag of ['--api-key=pp_live_flagKey', '--key', '--token']) {
      const result = await expectError(
        ['secrets', 'pull', '--env', 'production', flag, 'pp_live_flagKey'],
        {},
        2,
        /the API key is not accepted as an option .*shell history.*PORTAL_API_KEY/,
      );
      expect(result.stderr).not.toContain('flagKey');
    }
    expect(requests).toHaveLength(0);
  });

  it('unknown commands, subcommands and options; missing or bad values', async () => {
    await expectError(['deploy'], {}, 2, /unknown command "deploy"\. See partner-portal --help\./);
    await expectError(['--verbose'], {}, 2, /unknown option --verbose/);
    await expectError(['secrets'], {}, 2, /"secrets" needs a subcommand: pull/);
    await expectError(['secrets', 'push'], {}, 2, /unknown subcommand "secrets push"/);
    await expectError(
      ['secrets', 'pull', '--env', 'production', '--force'],
      {},
      2,
      /unknown option --force for "secrets pull"\. See partner-portal secrets pull --help\./,
    );
    await expectError(['secrets', 'pull', '--env', 'production', 'extra'], {}, 2, /unexpected argument "extra"/);
    await expectError(['secrets', 'pull'], {}, 2, /--env is required/);
    await expectError(['secrets', 'pull', '--env'], {}, 2, /--env needs a value/);
    await expectError(['secrets', 'pull', '--env', '--format', 'json'], {}, 2, /--env needs a value/);
    await expectError(['secrets', 'pull', '--env', 'a', '--env', 'b'], {}, 2, /--env is given more than once/);
    await expectError(['secrets', 'pull', '--env', 'production', '--format', 'yaml'], {}, 2, /--format must be dotenv or json \(not "yaml"\)/);
    await expectError(['run', '--env', 'production', '--out', 'x', '--', 'true'], {}, 2, /unknown option --out for "run"/);
    await expectError(['pp_live_pastedAsCommand0000000000'], {}, 2, /unknown command "\(what looks like an API key/);
    expect(requests).toHaveLength(0);
  });

  it('without arguments: the help on stderr, exit 2', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });
});

describe('help and version', () => {
  it('--help explains the commands, the variables and why the key is not an option', async () => {
    const result = await cli(['--help'], { PORTAL_URL: undefined, PORTAL_API_KEY: undefined });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('partner-portal secrets pull --env <environment>');
    expect(result.stdout).toContain('partner-portal run --env <environment>');
    expect(result.stdout).toContain('PORTAL_URL');
    expect(result.stdout).toMatch(/PORTAL_API_KEY[\s\S]*never from an option[\s\S]*shell history/);
  });

  it('each command has its own --help', async () => {
    const pull = await cli(['secrets', 'pull', '--help']);
    expect(pull).toMatchObject({ code: 0, stderr: '' });
    expect(pull.stdout).toMatch(/^Usage: partner-portal secrets pull/);
    expect(pull.stdout).toContain('--out <file>');
    const run = await cli(['run', '-h']);
    expect(run.stdout).toMatch(/^Usage: partner-portal run/);
    const secrets = await cli(['secrets', '--help']);
    expect(secrets.stdout).toMatch(/^Usage: partner-portal secrets <subcommand>/);
    expect(requests).toHaveLength(0);
  });

  it('--version prints package.json’s version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
