import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '../..');

// The cluster test (scripts/cluster-test.ts): one file, run alone, against real servers and nginx.
export default defineConfig({
  root,
  resolve: {
    alias: {
      '@': root,
      'server-only': path.resolve(root, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    include: ['tests/cluster/**/*.cluster.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default', ['json', { outputFile: 'test-results/cluster.json' }]],
  },
});
