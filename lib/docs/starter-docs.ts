import 'server-only';
import fs from 'node:fs';
import { developerDocs, docRevisions } from '@/db/schema';
import type { Queryable } from '@/db';
import { problemTypes, type ProblemCode } from '@/lib/problem-types';
import { newId } from '@/lib/ids';

const problemExplanations: Record<ProblemCode, string> = {
  unauthorized:
    'No key was sent, or the key is malformed, unknown, revoked or expired. The answer is the same in every case, so it does not reveal which keys exist. Check the `Authorization: Bearer …` or `x-api-key` header, and the key’s state in the portal.',
  organization_inactive:
    'Your organization is pending approval or suspended, so its keys are refused. Its admins see why in the portal; contact support if you think this is a mistake.',
  ip_not_allowed: 'The key has an IP allowlist and the request came from an address outside it. Add the address or range on the key’s page.',
  insufficient_scope: 'The key lacks the scope this endpoint needs; `detail` names it. Create a key with that scope (scopes of an existing key do not change).',
  forbidden: 'The key may not do this, for example a test key creating a live key.',
  not_found: 'There is no such route, or no such resource in your organization. Resources of other organizations are reported as not found too.',
  method_not_allowed: 'The route exists but not with this HTTP method; the `Allow` header lists the methods it answers.',
  gone: 'The endpoint was retired after its sunset date. The [changelog](/docs/v1/changelog) says what replaces it.',
  invalid_request: 'The query, path or body is not valid. The `errors` object lists each problem by field, for example `query.from`.',
  unprocessable: 'The request is well-formed but cannot be carried out, for example a rotation of a key that is already revoked.',
  rate_limited: 'The key made more requests this minute than its rate limit allows. Wait for the seconds in `Retry-After` before trying again.',
  quota_exceeded:
    'The key or organization used its monthly quota. Requests are accepted again on the 1st of the next month (UTC), or when an admin raises the quota.',
  internal: 'Something failed on our side. Retry with backoff; if it persists, contact support with the `requestId`.',
  unavailable:
    'The request could not be finished in time, usually because the database is restarting or unreachable. Nothing was changed that the answer does not say; retry after the `Retry-After` seconds.',
};

/** The error reference, generated from the problem types so that it never falls behind them. */
function errorsDoc(): string {
  const codes = Object.keys(problemTypes) as ProblemCode[];
  const slug = (code: ProblemCode) => code.replace(/_/g, '-');
  return [
    'Every error of `/api/v1` is an `application/problem+json` body ([RFC 9457](https://www.rfc-editor.org/rfc/rfc9457)) whose `type` links to one of the sections below.',
    '',
    '| type | status | title |',
    '|---|---|---|',
    ...codes.map((code) => `| [\`${slug(code)}\`](#${slug(code)}) | ${problemTypes[code].status} | ${problemTypes[code].title} |`),
    '',
    ...codes.flatMap((code) => [`## ${slug(code)}`, '', `**${problemTypes[code].status} ${problemTypes[code].title}.** ${problemExplanations[code]}`, '']),
  ].join('\n');
}

function readStarterDoc(name: string): string {
  return fs.readFileSync(new URL(`./starter-docs/${name}.md`, import.meta.url), 'utf8');
}

export const starterDocs = [
  { slug: 'quickstart', title: 'Quickstart: make your first call', content: () => readStarterDoc('quickstart') },
  { slug: 'authentication', title: 'Authentication, rate limits and errors', content: () => readStarterDoc('authentication') },
  { slug: 'errors', title: 'Error reference', content: errorsDoc },
  { slug: 'graphql', title: 'GraphQL', content: () => readStarterDoc('graphql') },
  { slug: 'changelog', title: 'Changelog', content: () => readStarterDoc('changelog') },
] as const;

/**
 * Publishes the starter guides for v1 (public: a prospective partner reads them signed out) where they do not exist yet; a guide staff changed or deleted
 * is left alone. Runs at every start, like the catalog sync.
 */
export async function seedStarterDocs(db: Queryable): Promise<number> {
  let added = 0;
  for (const doc of starterDocs) {
    const content = doc.content();
    const [inserted] = await db
      .insert(developerDocs)
      .values({
        id: newId('doc'),
        title: doc.title,
        slug: doc.slug,
        apiVersion: 'v1',
        content,
        visibility: 'public',
        isPublished: true,
        publishedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: developerDocs.id });
    if (!inserted) continue;
    added++;
    await db.insert(docRevisions).values({
      id: newId('drv'),
      docId: inserted.id,
      revision: 1,
      event: 'publish',
      title: doc.title,
      slug: doc.slug,
      apiVersion: 'v1',
      content,
      editedByLabel: 'Partner Portal (starter content)',
    });
  }
  return added;
}
