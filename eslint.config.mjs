import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** Value imports of the database handle; `import type { Queryable } from '@/db'` stays allowed. */
const dbValueImports = (message) => ['@/db', '@/db/index'].map((name) => ({ name, importNames: ['db', 'getDatabase'], allowTypeImports: true, message }));

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Route code must not reach the database directly: pages and actions call lib/.
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'drizzle-orm', message: 'No SQL in app/: put the query in lib/<capability>/.' }], patterns: ['@/db/schema', '@/db/schema/*'] },
      ],
    },
  },
  // The floors: app/ → components/ → lib/ → db/. Nothing imports from a floor above its own.
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: dbValueImports('components/ receives data from the page: load it in lib/<capability>/ and pass it down as props.'),
          patterns: [
            {
              group: ['@/app', '@/app/*'],
              message: 'components/ never imports from app/: take the server action as a prop, or move a route-only component under its route.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: dbValueImports('Route code calls lib/ (which takes the database itself), never the db value.') },
      ],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/app', '@/app/*'], message: 'lib/ never imports from app/.' },
            { group: ['@/components', '@/components/*'], message: 'lib/ never imports from components/: move what both need into lib/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['db/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/app', '@/app/*', '@/components', '@/components/*', '@/lib', '@/lib/*'],
              message: 'db/ is the lowest floor: it imports nothing of app/, components/ or lib/.',
            },
          ],
        },
      ],
    },
  },
  globalIgnores(['.next/**', 'out/**', 'build/**', 'next-env.d.ts', '.data/**', 'test-results/**', 'playwright-report/**', 'db/migrations/**']),
]);
