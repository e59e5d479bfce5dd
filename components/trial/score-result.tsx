"use client";

import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { ScoreResponse } from "@/server/contracts/scoring";
import type { DifferingTensors } from "./differing-tensors";
import { TensorTable, type TensorRow } from "./tensor-table";
import { FeatureQueriesTable } from "./feature-queries-table";
import { TraceTimeline } from "./trace-timeline";

/** A collapsed section of a result (feature queries, featureMap, …). */
export function Details({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer select-none px-4 py-2 text-sm font-medium text-slate-800">{title}</summary>
      <div className="border-t border-slate-100 p-4">{children}</div>
    </details>
  );
}

export const json = (v: unknown) => <pre className="max-h-96 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs">{JSON.stringify(v, null, 2)}</pre>;

export function outputRows(r: ScoreResponse): TensorRow[] {
  return Object.entries(r.outputs).map(([name, t]) => ({ name, ...t }));
}

/** `highlight`: in a comparison, the tensors that differ from the other side's. */
export function ScoreResult({ result, highlight }: { result: ScoreResponse; highlight?: DifferingTensors }) {
  const io = result.details?.tensorIO as { inputs: TensorRow[]; outputs: { name: string }[] } | undefined;
  // Said on the collapsed TensorIO so a comparison's differing inputs are not missed.
  const differingInputs = io && highlight ? io.inputs.filter((t) => highlight.inputs.has(t.name)).length : 0;
  return (
    <div className="space-y-4">
      <Card title="Score">
        <div className="mb-3 flex flex-wrap items-center gap-2 text-sm" data-testid="score-summary">
          <Badge tone="indigo">bucket {result.bucket}</Badge>
          <Badge tone="green">solution {result.solution}</Badge>
          <span className="font-mono text-xs text-slate-600">
            {result.model.name} v{result.model.version} on {result.model.instance}
          </span>
        </div>
        <TensorTable tensors={outputRows(result)} caption="Output tensors" highlight={highlight?.outputs} />
      </Card>
      {result.trace ? (
        <Card title="Trace">
          <TraceTimeline steps={result.trace} />
        </Card>
      ) : null}
      {result.details ? (
        <div className="space-y-2">
          <Details title={`Feature queries (${result.details.queries.length})`}>
            <FeatureQueriesTable queries={result.details.queries} />
          </Details>
          <Details title="featureMap">{json(result.details.featureMap)}</Details>
          {io ? (
            <Details title={`TensorIO${differingInputs ? ` (${differingInputs} input ${differingInputs === 1 ? "tensor differs" : "tensors differ"})` : ""}`}>
              <TensorTable tensors={io.inputs} caption="Input tensors" highlight={highlight?.inputs} testIdPrefix="input" />
              <p className="mt-2 text-xs text-slate-600">Outputs fetched: {io.outputs.map((o) => o.name).join(", ")}</p>
            </Details>
          ) : null}
          <Details title="Predict request (TF Serving)">{json(result.details.predictRequest)}</Details>
          <Details title="Predict response">{json(result.details.predictResponse)}</Details>
          {Object.keys(result.log).length ? <Details title="featureMap log">{json(result.log)}</Details> : null}
        </div>
      ) : null}
    </div>
  );
}
