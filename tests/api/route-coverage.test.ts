import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ROUTE } from '@/lib/api/define-api-route';
import { apiRoutes } from '@/lib/api/routes';

const v1 = path.join(process.cwd(), 'app', 'api', 'v1');
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('every /api/v1 route goes through the one guard', () => {
  const files = routeFiles(v1);

  it('finds the route files', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of files) {
    it(`${path.relative(process.cwd(), file)} exports only handlers built by defineApiRoute`, async () => {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const exported = methods.filter((m) => m in mod);
      expect(exported.length).toBeGreaterThan(0);
      for (const method of exported) {
        const handler = mod[method] as { [API_ROUTE]?: unknown };
        expect(typeof handler, method).toBe('function');
        expect(handler[API_ROUTE], `${method} of ${file} is not built with defineApiRoute`).toBeDefined();
      }
    });
  }

  for (const file of files) {
    it(`${path.relative(process.cwd(), file)} exports every method Next.js routes (HEAD and OPTIONS too), all built by the wrapper`, async () => {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, { [API_ROUTE]?: unknown } | undefined>;
      // Left out, Next.js would improvise them (an OPTIONS without a request id, a HEAD outside the wrapper).
      for (const method of methods) expect(mod[method]?.[API_ROUTE], `${method} of ${file}`).toBeDefined();
    });
  }

  for (const file of files) {
    it(`${path.relative(process.cwd(), file)} declares dynamic = 'force-dynamic' (no request proxy on the hot path)`, async () => {
      const mod = (await import(/* @vite-ignore */ file)) as { dynamic?: unknown };
      expect(mod.dynamic).toBe('force-dynamic');
    });
  }

  it('the OpenAPI registry lists exactly the routes the files serve', async () => {
    const served = new Set<unknown>();
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, { [API_ROUTE]?: unknown }>;
      for (const method of methods) if (mod[method]?.[API_ROUTE] && mod[method][API_ROUTE] !== 'fallback') served.add(mod[method][API_ROUTE]);
    }
    expect(new Set(apiRoutes)).toEqual(served);
  });
});
