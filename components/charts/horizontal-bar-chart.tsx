'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue, type ValueFormat } from './chart-format';

/** Bars per category (e.g. requests per endpoint), longest first. Decorative: its table carries the numbers. */
export function HorizontalBarChart({
  data,
  format,
  label,
  color = '#4f46e5',
}: {
  data: { name: string; value: number }[];
  format: ValueFormat;
  label: string;
  color?: string;
}) {
  const height = Math.max(120, data.length * 32 + 40);
  return (
    // Clipped: until the container has measured its box, the chart draws at its initial 600 px, which on a
    // phone would widen the page for a moment (and did, now and then, in the 390 px e2e check).
    <div aria-hidden="true" style={{ height }} className="w-full min-w-0 overflow-hidden">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-zinc-200)" horizontal={false} />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatValue(v, format, { compact: true })}
            tick={{ fontSize: 12, fill: 'var(--color-zinc-600)' }}
            allowDecimals={false}
          />
          <YAxis type="category" dataKey="name" width={200} tick={{ fontSize: 12, fill: 'var(--color-zinc-700)' }} interval={0} />
          <Tooltip formatter={(value) => formatValue(typeof value === 'number' ? value : null, format)} />
          <Bar dataKey="value" name={label} fill={color} radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
