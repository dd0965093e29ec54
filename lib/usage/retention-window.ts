/** How long individual requests are kept (days): `REQUEST_LOG_RETENTION_DAYS`, 14 unless set to a positive number. */
export function retentionDays(): number {
  const days = Number(process.env.REQUEST_LOG_RETENTION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : 14;
}
