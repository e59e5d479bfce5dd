"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { ShareTable } from "@/components/ui/share-table";
import type { LiveView } from "@/server/contracts/telemetry";
import { formatPercent } from "./live-series";

type Srm = NonNullable<LiveView["split"]>["solutions"];

/** Observed against configured share per solution, and the sample-ratio-mismatch check. */
export function TrafficSplit({ view }: { view: LiveView }) {
  const rows = view.solutions.map((s) => ({ solution: s.solution, observed: s.observedShare ?? 0, configured: s.configuredShare ?? 0 }));
  return (
    <Card title={view.release ? `Traffic split on release #${view.release.seq} (revision ${view.release.label})` : "Traffic split"}>
      {view.split ? <SplitCheck split={view.split} /> : <p className="mb-4 text-sm text-slate-600">No release of this app yet: there is no configured split to check against.</p>}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <ShareTable
          caption="Observed and configured share per solution"
          countLabel="Requests"
          bodyTestId="split-table"
          rows={view.solutions.map((s) => ({
            key: s.solution,
            solution: s.solution,
            count: s.requests.toLocaleString(),
            observed: formatPercent(s.observedShare),
            configured: formatPercent(s.configuredShare, 0),
            testId: `split-row-${s.solution}`,
          }))}
        />
        <figure className="min-w-0">
          <figcaption className="mb-1 text-xs font-medium text-slate-600">
            Share of requests <span className="font-normal text-slate-400">(% of the live release&apos;s unforced requests)</span>
          </figcaption>
          <div className="h-48 w-full" data-chart data-testid="split-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="solution" tick={{ fontSize: 11, fill: "#64748b" }} />
                <YAxis domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11, fill: "#64748b" }} width={44} />
                <Tooltip formatter={(v) => formatPercent(typeof v === "number" ? v : null)} contentStyle={{ fontSize: 12 }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="observed" name="Observed" fill="#4f46e5" isAnimationActive={false} />
                <Bar dataKey="configured" name="Configured" fill="#94a3b8" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      </div>
    </Card>
  );
}

function SplitCheck({ split }: { split: NonNullable<LiveView["split"]> }) {
  const mismatch = split.solutions.status === "mismatch" || split.buckets.status === "mismatch";
  return (
    <div
      data-testid="srm-result"
      data-status={mismatch ? "mismatch" : split.solutions.status === "too_little_traffic" ? "too_little_traffic" : "ok"}
      role={mismatch ? "alert" : "status"}
      className={mismatch ? "mb-4 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-800" : "mb-4 rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700"}
    >
      <p className="font-semibold">{mismatch ? "Sample ratio mismatch: traffic does not follow the configured split" : split.solutions.status === "too_little_traffic" ? "Split check: too little traffic" : "Split check: traffic follows the configured split"}</p>
      <ul className="mt-1 space-y-0.5">
        <li>
          <span className="font-medium">Over solutions:</span> <SrmLine srm={split.solutions} />
        </li>
        <li>
          <span className="font-medium">Over buckets:</span> <SrmLine srm={split.buckets} />
        </li>
      </ul>
      {split.buckets.status === "mismatch" && split.buckets.deviating.length ? (
        <p className="mt-1" data-testid="srm-buckets">
          Deviating buckets: {split.buckets.deviating.map((d) => `${d.key} (${d.observed.toLocaleString()} seen, ${Math.round(d.expected).toLocaleString()} expected)`).join(", ")}
        </p>
      ) : null}
      {split.solutions.status === "mismatch" && split.solutions.deviating.length ? (
        <p className="mt-1">Deviating solutions: {split.solutions.deviating.map((d) => d.key).join(", ")}</p>
      ) : null}
      <p className="mt-1 text-xs opacity-75">Chi-square test; a mismatch is flagged at p &lt; 0.001, and the check waits until every expected count is at least 5.</p>
    </div>
  );
}

function SrmLine({ srm }: { srm: Srm }) {
  if (srm.status === "too_little_traffic") return <>too little traffic ({srm.total.toLocaleString()} requests; the smallest expected count is {srm.minExpected.toFixed(1)}, under 5)</>;
  return (
    <>
      χ² = {srm.chiSquare.toFixed(2)}, df = {srm.df}, p = {formatP(srm.pValue)}
      {srm.status === "mismatch" ? <span className="font-semibold"> (mismatch)</span> : null}
    </>
  );
}

function formatP(p: number): string {
  if (p < 1e-4) return p === 0 ? "< 1e-300" : p.toExponential(1);
  return p.toFixed(4);
}
