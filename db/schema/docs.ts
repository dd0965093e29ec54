import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { partners } from './partners';
import { users } from './users';

const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/** Who reads a published doc: anyone (signed out too), every partner, or one organization (`partnerId`). */
export const docVisibilities = ['public', 'partners', 'organization'] as const;
export type DocVisibility = (typeof docVisibilities)[number];

export const developerDocs = pgTable(
  'developer_docs',
  {
    id: text().primaryKey(),
    title: text().notNull(),
    slug: text().notNull(),
    content: text().notNull().default(''),
    apiVersion: text().notNull(),
    isPublished: boolean().notNull().default(false),
    publishedAt: timestamp({ withTimezone: true }),
    ownerId: text().references(() => users.id, { onDelete: 'set null' }),
    updatedById: text().references(() => users.id, { onDelete: 'set null' }),
    visibility: text({ enum: docVisibilities }).notNull().default('partners'),
    // Set exactly when the visibility is `organization`: only that organization (and staff) may read it.
    partnerId: text().references(() => partners.id, { onDelete: 'cascade' }),
    // Maintained by Postgres so that search never disagrees with the content; the title weighs more.
    searchVector: tsvector().generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(content, '')), 'B')`,
    ),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('developer_docs_slug_version_idx').on(t.slug, t.apiVersion),
    index('developer_docs_partner_idx').on(t.partnerId),
    index('developer_docs_search_idx').using('gin', t.searchVector),
    check('developer_docs_published_check', sql`not ${t.isPublished} or ${t.publishedAt} is not null`),
    check('developer_docs_visibility_check', sql`${t.visibility} in ('public', 'partners', 'organization')`),
    check('developer_docs_visibility_partner_check', sql`(${t.visibility} = 'organization') = (${t.partnerId} is not null)`),
  ],
);

export const docRevisionEvents = ['create', 'edit', 'publish', 'unpublish'] as const;
export type DocRevisionEvent = (typeof docRevisionEvents)[number];

/** The edit history of a doc: every save, publish and unpublish, with who and when (and the text then). */
export const docRevisions = pgTable(
  'doc_revisions',
  {
    id: text().primaryKey(),
    docId: text()
      .notNull()
      .references(() => developerDocs.id, { onDelete: 'cascade' }),
    revision: integer().notNull(),
    event: text({ enum: docRevisionEvents }).notNull(),
    title: text().notNull(),
    slug: text().notNull(),
    apiVersion: text().notNull(),
    content: text().notNull(),
    editedById: text().references(() => users.id, { onDelete: 'set null' }),
    // A snapshot so the history still reads well after the account is gone.
    editedByLabel: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('doc_revisions_doc_revision_idx').on(t.docId, t.revision)],
);

/** Who has opened which doc, for the onboarding checklist ("quickstart read"). */
export const docReads = pgTable(
  'doc_reads',
  {
    docId: text()
      .notNull()
      .references(() => developerDocs.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    partnerId: text().references(() => partners.id, { onDelete: 'cascade' }),
    firstReadAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.docId, t.userId] }), index('doc_reads_partner_idx').on(t.partnerId)],
);
