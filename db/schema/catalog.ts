import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { users } from './users';

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type CatalogHttpMethod = (typeof httpMethods)[number];

export const endpointStatuses = ['active', 'deprecated', 'retired'] as const;
export type EndpointStatus = (typeof endpointStatuses)[number];

/** Where an endpoint row comes from: the portal's own OpenAPI document (kept in sync) or staff by hand. */
export const endpointSources = ['openapi', 'manual'] as const;
export type EndpointSource = (typeof endpointSources)[number];

export const apis = pgTable(
  'apis',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    slug: text().notNull(),
    description: text().notNull().default(''),
    version: text().notNull(),
    // Where its endpoints' paths start: `/api/v1` for the portal's own API, a full URL for others.
    basePath: text().notNull().default(''),
    ownerId: text().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('apis_slug_version_idx').on(t.slug, t.version)],
);

export const endpoints = pgTable(
  'endpoints',
  {
    id: text().primaryKey(),
    apiId: text()
      .notNull()
      .references(() => apis.id, { onDelete: 'cascade' }),
    method: text({ enum: httpMethods }).notNull(),
    // A template such as `/orders/{id}`, relative to the API's base.
    path: text().notNull(),
    description: text().notNull().default(''),
    requiredScope: text(),
    status: text({ enum: endpointStatuses }).notNull().default('active'),
    // When the endpoint was marked deprecated: the value of the `Deprecation` header.
    deprecatedAt: timestamp({ withTimezone: true }),
    sunsetAt: timestamp({ withTimezone: true }),
    source: text({ enum: endpointSources }).notNull().default('manual'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('endpoints_api_method_path_idx').on(t.apiId, t.method, t.path),
    index('endpoints_status_idx').on(t.status),
    check('endpoints_method_check', sql`${t.method} in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')`),
    check('endpoints_status_check', sql`${t.status} in ('active', 'deprecated', 'retired')`),
    check('endpoints_source_check', sql`${t.source} in ('openapi', 'manual')`),
  ],
);
