import { auditRowsToCsv } from '@/lib/audit/audit-csv';
import { parseAuditFilters } from '@/lib/audit/audit-filters';
import { auditSortColumns, exportAuditLogs } from '@/lib/audit/list-audit-logs';
import { portalAccessMessages, portalAccessProblem } from '@/lib/auth/portal-access';
import { getActor, getRequestMeta } from '@/lib/auth/session';
import { tenantOf } from '@/lib/auth/tenant';
import { AppError } from '@/lib/errors';
import { parseTableQuery } from '@/lib/tables/table-query';

export const dynamic = 'force-dynamic';

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/** The audit log as CSV, with the filters of the page (`?actor&action&target&from&to&q`). */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return text('Sign in to export the audit log.', 401);
  // The same answer as the pages' gate (which sends these users to /pending or /no-organization).
  const problem = portalAccessProblem(actor);
  if (problem) return text(portalAccessMessages[problem], 403);

  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = parseAuditFilters(params);
  // The same search rules as the page's (trimmed, at most 200 characters).
  const { q } = parseTableQuery(params, { sortable: auditSortColumns, defaultSort: 'occurred' });

  try {
    // exportAuditLogs asks the policy: a developer gets 403, and the scope is the tenant's (a partner user's own organization).
    const rows = await exportAuditLogs(tenantOf(actor), { ...filters, q: q || undefined }, await getRequestMeta());
    const day = new Date().toISOString().slice(0, 10);
    return new Response(auditRowsToCsv(rows), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-log-${day}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof AppError && (error.status === 403 || error.status === 404)) {
      return text(error.status === 404 ? 'Not found' : 'You are not allowed to export this audit log.', error.status);
    }
    throw error;
  }
}
