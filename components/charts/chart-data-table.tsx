import type { ReactNode } from 'react';

export interface ChartTableColumn {
  label: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/**
 * The numbers behind a chart, in a real table inside a `<details>` (keyboard reachable through its
 * summary), so that nothing is only in the picture.
 */
export function ChartDataTable({
  caption,
  columns,
  rows,
  summary = 'Show the numbers',
}: {
  caption: string;
  columns: ChartTableColumn[];
  rows: ReactNode[][];
  summary?: string;
}) {
  return (
    <details className="group mt-3 rounded-lg border border-zinc-200">
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium text-indigo-700 select-none hover:bg-zinc-50">
        {summary}
        <span className="sr-only">: {caption}</span>
      </summary>
      <div className="max-h-80 overflow-auto border-t border-zinc-200">
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-zinc-50 text-left text-xs font-medium text-zinc-600">
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.numeric ? 'px-3 py-2 text-right' : 'px-3 py-2'}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row" className="px-3 py-1.5 text-left font-normal whitespace-nowrap text-zinc-800">
                      {cell}
                    </th>
                  ) : (
                    <td key={j} className={columns[j]?.numeric ? 'px-3 py-1.5 text-right text-zinc-800 tabular-nums' : 'px-3 py-1.5 text-zinc-800'}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
