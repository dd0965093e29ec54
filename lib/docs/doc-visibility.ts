import { and, eq, ne, or, type SQL } from 'drizzle-orm';
import { developerDocs } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';

/**
 * Which docs a reader sees: staff every doc (drafts and every organization's, DESIGN.md §3), a partner
 * the published ones that are public, for every partner or written for their own organization, and a
 * visitor who is not signed in (or has no organization yet) the published public ones.
 */
export type DocReaderScope = { kind: 'staff' } | { kind: 'partner'; partnerId: string } | { kind: 'public' };

export const PUBLIC_DOC_READER: DocReaderScope = { kind: 'public' };

/** The scope of whoever is reading: signed out (or a person the portal keeps out, e.g. awaiting approval) reads as the public. */
export function docReaderScopeOrPublic(actor: UserActor | null): DocReaderScope {
  return (actor && docReaderScopeOf(actor)) ?? PUBLIC_DOC_READER;
}

export function docReaderScopeOf(actor: UserActor): DocReaderScope | null {
  if (actor.staffRole) return can(actor, 'doc.read', { partnerId: null, published: false }) ? { kind: 'staff' } : null;
  const partnerId = actor.membership?.partnerId;
  if (!partnerId || !can(actor, 'doc.read', { partnerId: null, published: true })) return null;
  return { kind: 'partner', partnerId };
}

/** The same rule as the policy's, as SQL: used by the reader, search and `/api/v1/docs`. */
export function readableDocsCondition(scope: DocReaderScope): SQL | undefined {
  if (scope.kind === 'staff') return undefined;
  if (scope.kind === 'public') return and(eq(developerDocs.isPublished, true), eq(developerDocs.visibility, 'public'));
  return and(eq(developerDocs.isPublished, true), or(ne(developerDocs.visibility, 'organization'), eq(developerDocs.partnerId, scope.partnerId)));
}

/** Newest first, comparing the digits as numbers: v10 after v9, 2026-02 after 2026-01. */
export function compareApiVersionsDesc(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true, sensitivity: 'base' });
}
