/**
 * The cluster test: two production instances (scripts/serve.mjs on the `.next` build) on one fresh
 * Postgres database and Redis, behind nginx running deploy/nginx.conf; tests in tests/cluster (vitest,
 * tests/cluster/vitest.config.mts), which start and always stop the cluster and drop the database.
 *   npm run test:cluster                         build, then run
 *   CLUSTER_SKIP_BUILD=1 npm run test:cluster    reuse .next (e.g. the e2e run's build)
 *   npm run test:cluster -- --if-redis           say so and exit 0 when Redis does not answer (npm test)
 * Needs: Postgres (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), Redis (REDIS_URL,
 * else redis://127.0.0.1:6379), nginx on the PATH (or NGINX_BIN). The report is test-results/cluster.json,
 * counted by scripts/test-summary.mjs.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const report = path.join(root, 'test-results', 'cluster.json');
const args = process.argv.slice(2);
const ifRedis = args.includes('--if-redis');
const vitestArgs = args.filter((a) => a !== '--if-redis');

function step(message: string) {
  console.log(`[cluster] ${message}`);
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Redis answers PING (a raw RESP exchange: no client needed). */
function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname || '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

async function main(): Promise<number> {
  fs.rmSync(report, { force: true });
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) {
    if (ifRedis) {
      step(`Redis does not answer at ${redisUrl}: the cluster test is skipped`);
      return 0;
    }
    step(`Redis does not answer at ${redisUrl}: the cluster test needs it (REDIS_URL)`);
    return 1;
  }
  const nginx = process.env.NGINX_BIN || 'nginx';
  const probe = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    step(`nginx not found (${nginx}): install it (apt-get install nginx) or set NGINX_BIN`);
    return 1;
  }
  step(`nginx: ${(probe.stderr || probe.stdout).trim()}; Redis: ${redisUrl}`);

  if (process.env.CLUSTER_SKIP_BUILD === '1' && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    step('reusing the existing production build (.next), as CLUSTER_SKIP_BUILD=1');
  } else {
    step('building the production server (next build) …');
    const code = await run(process.execPath, [nextBin, 'build'], { ...process.env, NODE_ENV: 'production' });
    if (code !== 0) return code;
  }
  return run(process.execPath, [vitestBin, 'run', '--config', 'tests/cluster/vitest.config.mts', ...vitestArgs], { ...process.env, REDIS_URL: redisUrl });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('[cluster] failed:', error);
    process.exit(1);
  },
);
