'use client';

import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatValue, type TimeGranularity, type ValueFormat } from './chart-format';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export type TimePoint = { at: number } & Record<string, number | null>;

/**
 * A time series: stacked areas (parts of a whole, e.g. requests by status class) or lines (e.g. latency
 * percentiles). Decorative for screen readers: the table next to it carries the same numbers.
 */
export function TimeSeriesChart({
  data,
  series,
  kind,
  format,
  granularity,
  height = 240,
}: {
  data: TimePoint[];
  series: ChartSeries[];
  kind: 'stacked-area' | 'line';
  format: ValueFormat;
  granularity: TimeGranularity;
  height?: number;
}) {
  const spansDays = data.length > 1 && data[data.length - 1]!.at - data[0]!.at >= 24 * 3_600_000;
  const common = {
    data,
    margin: { top: 8, right: 12, bottom: 0, left: 0 },
    accessibilityLayer: false,
  };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--color-zinc-200)" vertical={false} />
      <XAxis
        dataKey="at"
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={(at: number) => formatBucket(at, granularity, spansDays && granularity !== 'day')}
        tick={{ fontSize: 12, fill: 'var(--color-zinc-600)' }}
        minTickGap={24}
      />
      <YAxis
        tickFormatter={(v: number) => formatValue(v, format, { compact: true })}
        tick={{ fontSize: 12, fill: 'var(--color-zinc-600)' }}
        width={format === 'ms' ? 72 : 56}
        allowDecimals={format !== 'count'}
        domain={format === 'percent' ? [0, (max: number) => Math.max(max, 0.01)] : [0, 'auto']}
      />
      <Tooltip
        labelFormatter={(at) => `${formatBucket(Number(at), granularity, true)} UTC`}
        formatter={(value) => formatValue(typeof value === 'number' ? value : null, format)}
      />
      {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
    </>
  );
  return (
    // Clipped: until the container has measured its box, the chart draws at its initial 600 px, which on a
    // phone would widen the page for a moment (and did, now and then, in the 390 px e2e check).
    <div aria-hidden="true" style={{ height }} className="w-full min-w-0 overflow-hidden">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
        {kind === 'stacked-area' ? (
          <AreaChart {...common}>
            {axes}
            {series.map((s) => (
              <Area
                key={s.key}
                type="linear"
                dataKey={s.key}
                name={s.label}
                stackId="total"
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.35}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {series.map((s) => {
              // A few scattered values would draw no line at all: mark each of them.
              const values = data.filter((p) => p[s.key] !== null && p[s.key] !== undefined).length;
              return (
                <Line
                  key={s.key}
                  type="linear"
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={2}
                  dot={values <= 48 ? { r: 3 } : false}
                  connectNulls
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
