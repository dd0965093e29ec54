import { createColumnHelper, metaHelper, rowPaginationFeature, rowSortingFeature, tableFeatures, type ColumnDef, type RowData } from '@tanstack/react-table';

export interface DataTableColumnMeta {
  /** Numbers read better right-aligned. */
  align?: 'start' | 'end';
  /** Keep the header for screen readers only (an actions column). */
  srOnlyHeader?: boolean;
  /** Extra classes for the column's cells. */
  cellClassName?: string;
}

/**
 * Sorting and pagination are registered for their state and APIs only: the server sorts and
 * paginates (`manualSorting`, `manualPagination`), so no client row models are added.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of one table hold values of different types
export type DataTableColumn<TRow extends RowData> = ColumnDef<DataTableFeatures, TRow, any>;

/** Column ids are the URL's `sort` keys, so a sortable column's id must be one the query accepts. */
export function dataTableColumnHelper<TRow extends RowData>() {
  return createColumnHelper<DataTableFeatures, TRow>();
}
