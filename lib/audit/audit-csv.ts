import type { AuditRow } from './list-audit-logs';

const columns = ['occurredAt', 'actorType', 'actorLabel', 'actorId', 'partnerId', 'action', 'targetType', 'targetId', 'ip', 'userAgent', 'metadata'] as const;

/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a
 * leading apostrophe: audit rows hold text that users typed (names, emails).
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditRowsToCsv(rows: AuditRow[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
