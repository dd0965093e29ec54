import 'server-only';
import type { Tenant } from '@/lib/auth/tenant';
import { listDocApiVersions } from '@/lib/docs/manage-docs';
import { listPartners } from '@/lib/partners/list-partners';

export interface DocEditorOptions {
  versions: string[];
  organizations: { id: string; name: string }[];
  organizationsTruncated: boolean;
}

/** What the editor's pickers offer: the API versions in use and the organizations a doc can be limited to. */
export async function loadDocEditorOptions(tenant: Tenant): Promise<DocEditorOptions> {
  // TODO: a searchable organization picker once there are more than a page of them (as for keys).
  const [versions, partners] = await Promise.all([
    listDocApiVersions(),
    listPartners(tenant, { page: 1, pageSize: 100, sort: 'name', direction: 'asc', q: '' }),
  ]);
  return {
    versions,
    organizations: partners.rows.map((row) => ({ id: row.id, name: row.name })),
    organizationsTruncated: partners.total > partners.rows.length,
  };
}
