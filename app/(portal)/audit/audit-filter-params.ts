/** The query parameters of the audit log's filter form (besides the table's own `page`, `size`, `sort`, `dir`). */
export const auditFilterParams = ['q', 'actor', 'action', 'target', 'from', 'to'] as const;
