"use client";

import { useState } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import type { LiveView } from "@/server/contracts/telemetry";
import { colorOf, formatNumber, formatPercent, formatStep, histogramRows, namesIn, seriesKey, timeRows } from "./live-series";
import { TimeChart, type ReleaseMark } from "./time-chart";

type Solution = LiveView["solutions"][number];

/** Per solution over time, the solutions overlaid on each chart so they compare at a glance. */
export function SolutionCharts({ view, releases }: { view: LiveView; releases: ReleaseMark[] }) {
  const solutions = view.solutions;
  const domain: [number, number] = [Date.parse(view.from), Date.parse(view.to)];
  const stages = namesIn(solutions, (p) => ({ ...p.latency, ...p.errorRate }));
  const features = namesIn(solutions, (p) => p.missingRate);
  const outputs = [...new Set(solutions.flatMap((s) => Object.keys(s.outputs)))].sort();
  const [stage, setStage] = useState<string | null>(null);
  const [feature, setFeature] = useState<string | null>(null);
  const [output, setOutput] = useState<string | null>(null);
  const latencyStage = stage && stages.includes(stage) ? stage : (stages.find((s) => s === "total") ?? stages[0] ?? "");
  const missingFeature = feature && features.includes(feature) ? feature : (features[0] ?? "");
  const shownOutput = output && outputs.includes(output) ? output : (outputs[0] ?? "");
  const step = formatStep(view.step);
  const errorStages = namesIn(solutions, (p) => p.errorRate);

  return (
    <Card title="Per solution over time">
      <div className="grid gap-x-8 gap-y-6 xl:grid-cols-2">
        <TimeChart
          testId="chart-requests"
          title="Requests"
          unit={`requests per ${step}`}
          rows={timeRows(solutions, (p) => p.requests)}
          series={solutions.map((s, i) => ({ key: s.solution, color: colorOf(i) }))}
          domain={domain}
          format={formatNumber}
          releases={releases}
        />
        <TimeChart
          testId="chart-errors"
          title="Error rate by stage"
          unit="% of requests"
          rows={timeRows(solutions, (p, st) => p.errorRate[st] ?? 0, errorStages.length ? errorStages : ["all stages"])}
          series={solutions.flatMap((s, i) => (errorStages.length ? errorStages : ["all stages"]).map((st, j) => ({ key: seriesKey(s.solution, st), color: colorOf(i), dashed: j % 2 === 1 })))}
          domain={domain}
          format={(v) => formatPercent(v)}
          releases={releases}
        />
        <div className="min-w-0">
          <Picker label="Stage" value={latencyStage} options={stages} onChange={setStage} />
          <TimeChart
            testId="chart-latency"
            title={`Latency p50 and p99${latencyStage ? `, ${latencyStage}` : ""}`}
            unit="ms"
            rows={timeRows(solutions, (p, q) => p.latency[latencyStage]?.[q as "p50" | "p99"] ?? null, ["p50", "p99"])}
            series={solutions.flatMap((s, i) => [
              { key: seriesKey(s.solution, "p50"), color: colorOf(i) },
              { key: seriesKey(s.solution, "p99"), color: colorOf(i), dashed: true },
            ])}
            domain={domain}
            format={formatNumber}
            releases={releases}
          />
        </div>
        <div className="min-w-0">
          <Picker label="Feature" value={missingFeature} options={features} onChange={setFeature} />
          <TimeChart
            testId="chart-missing"
            title={missingFeature ? `Missing-feature rate, ${missingFeature}` : "Missing-feature rate (no feature reported missing)"}
            unit="% of items"
            rows={timeRows(solutions, (p) => (missingFeature ? (p.missingRate[missingFeature] ?? 0) : 0))}
            series={solutions.map((s, i) => ({ key: s.solution, color: colorOf(i) }))}
            domain={domain}
            format={(v) => formatPercent(v)}
            releases={releases}
          />
        </div>
      </div>
      <div className="mt-8 border-t border-slate-100 pt-5">
        <Picker label="Output" value={shownOutput} options={outputs} onChange={setOutput} />
        {shownOutput ? (
          <div className="grid gap-x-8 gap-y-6 xl:grid-cols-2">
            <OutputHistogram solutions={solutions} output={shownOutput} />
            <TimeChart
              testId="chart-output-mean"
              title={`Mean of ${shownOutput}`}
              unit="output value"
              rows={timeRows(solutions, (p) => p.outputMean[shownOutput] ?? null)}
              series={solutions.map((s, i) => ({ key: s.solution, color: colorOf(i) }))}
              domain={domain}
              format={formatNumber}
              releases={releases}
            />
          </div>
        ) : (
          <p className="text-sm text-slate-500">No output values reported in this window.</p>
        )}
      </div>
    </Card>
  );
}

function OutputHistogram({ solutions, output }: { solutions: Solution[]; output: string }) {
  const rows = histogramRows(solutions, output);
  const stats = solutions.map((s) => ({ solution: s.solution, dist: s.outputs[output] }));
  return (
    <figure className="min-w-0" data-testid="chart-output-histogram">
      <figcaption className="mb-1 text-xs font-medium text-slate-600">
        Distribution of {output} <span className="font-normal text-slate-400">(% of each solution&apos;s values per bucket; x: value, bucket lower bound)</span>
      </figcaption>
      <div className="h-56 w-full" data-chart>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={16} />
            <YAxis tickFormatter={(v: number) => `${Number((v * 100).toFixed(1))}%`} tick={{ fontSize: 11, fill: "#64748b" }} width={48} />
            <Tooltip
              labelFormatter={(_, payload) => {
                const row = payload?.[0]?.payload as { lo?: number; hi?: number } | undefined;
                return row?.lo !== undefined ? `${formatNumber(row.lo)} to ${formatNumber(row.hi ?? row.lo)}` : "";
              }}
              formatter={(v) => formatPercent(typeof v === "number" ? v : null)}
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {solutions.map((s, i) => (
              <Area key={s.solution} dataKey={s.solution} type="step" stroke={colorOf(i)} fill={colorOf(i)} fillOpacity={0.25} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {stats
          .filter((s) => s.dist && s.dist.count > 0)
          .map((s) => `${s.solution}: mean ${formatNumber(s.dist!.mean ?? 0)}, p50 ${formatNumber(s.dist!.p50 ?? 0)}, p99 ${formatNumber(s.dist!.p99 ?? 0)} (${s.dist!.count.toLocaleString()} values)`)
          .join(" · ")}
      </p>
    </figure>
  );
}

function Picker({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (v: string) => void }) {
  if (options.length <= 1) {
    return <p className="mb-2 flex h-7 items-center text-xs text-slate-600">{options[0] ? `${label}: ${options[0]}` : null}</p>;
  }
  return (
    <label className="mb-2 flex items-center gap-2 text-xs text-slate-600">
      {label}
      <select aria-label={label} className="rounded border border-slate-300 bg-white py-1 pl-2 pr-8 text-xs" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}
