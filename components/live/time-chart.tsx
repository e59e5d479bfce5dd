"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { timeTickFormatter, type TimeRow } from "./live-series";

export interface ChartSeries {
  key: string;
  color: string;
  dashed?: boolean;
}

export interface ReleaseMark {
  at: number;
  label: string;
}

/**
 * One time chart of the Live page: a line per series over the window, the Y axis in `unit`,
 * and a dashed vertical line where each release in the window went live.
 */
export function TimeChart({
  title,
  rows,
  series,
  domain,
  unit,
  format,
  releases,
  testId,
}: {
  title: string;
  rows: TimeRow[];
  series: ChartSeries[];
  domain: [number, number];
  unit: string;
  format: (value: number) => string;
  releases: ReleaseMark[];
  testId?: string;
}) {
  const tick = timeTickFormatter(domain[1] - domain[0]);
  const hasData = rows.some((r) => series.some((s) => r[s.key] !== null && r[s.key] !== undefined));
  return (
    <figure className="min-w-0" data-testid={testId}>
      <figcaption className="mb-1 text-xs font-medium text-slate-600">
        {title} <span className="font-normal text-slate-400">({unit})</span>
      </figcaption>
      <div className="relative h-56 w-full" data-chart>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={tick} tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={24} />
            <YAxis tickFormatter={format} tick={{ fontSize: 11, fill: "#64748b" }} width={56} allowDecimals />
            <Tooltip
              labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
              formatter={(value) => (typeof value === "number" ? format(value) : String(value ?? "–"))}
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {releases.map((r) => (
              <ReferenceLine key={r.label} x={r.at} stroke="#64748b" strokeDasharray="4 3" label={{ value: r.label, position: "insideTopRight", fontSize: 11, fill: "#475569" }} />
            ))}
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.key} stroke={s.color} strokeDasharray={s.dashed ? "5 4" : undefined} dot={false} isAnimationActive={false} connectNulls={false} strokeWidth={1.75} />
            ))}
          </LineChart>
        </ResponsiveContainer>
        {!hasData ? <p className="pointer-events-none absolute inset-0 grid place-items-center text-xs text-slate-400">No data in this window</p> : null}
      </div>
    </figure>
  );
}

export function ChartSkeleton() {
  return (
    <div className="min-w-0" aria-hidden>
      <div className="mb-2 h-3 w-40 animate-pulse rounded bg-slate-200" />
      <div className="h-56 w-full animate-pulse rounded bg-slate-100" />
    </div>
  );
}
