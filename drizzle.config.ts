import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema and applied by `npm run db:migrate`
// (and before `dev` / `start` serve), never by `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
