import { timestamp } from 'drizzle-orm/pg-core';

/** `createdAt` / `updatedAt` shared by every table that changes. */
export const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};
