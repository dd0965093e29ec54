import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React's server build; tests are server code.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
      // graphql has no `exports` map: Node loads its CommonJS build for Yoga and Pothos, Vite would give
      // our code the ESM one, and two copies of graphql refuse each other's types. One copy for all.
      graphql: path.resolve(import.meta.dirname, 'node_modules/graphql/index.js'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx', 'packages/*/tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/per-file-database.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
