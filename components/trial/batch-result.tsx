"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { BatchScoreResponse } from "@/server/contracts/scoring";
import type { Ranking } from "./item-ranking";
import { Details, json } from "./score-result";
import { FeatureQueriesTable } from "./feature-queries-table";
import { TraceTimeline } from "./trace-timeline";

/** Six significant digits, without trailing zeros: 0.881, 0.00512345. */
export const fmtScore = (v: number | null) => (v === null ? "—" : String(Number(v.toPrecision(6))));

function predictPlan(p: BatchScoreResponse["predict"]): string {
  if (p.mode === "stacked") return `1 stacked Predict call`;
  return `${p.calls} Predict call${p.calls === 1 ? "" : "s"}, one per item${p.reason ? ` (${p.reason})` : ""}`;
}

/** Bucket, solution, model and how the batch reached it: the line above a ranking. */
export function BatchSummary({ result }: { result: BatchScoreResponse }) {
  const failed = result.items.filter((r) => "error" in r).length;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="batch-summary">
      <Badge tone="indigo">bucket {result.bucket}</Badge>
      <Badge tone="green">solution {result.solution}</Badge>
      <Badge>{result.items.length} items</Badge>
      {failed ? <Badge tone="red">{failed} failed</Badge> : null}
      <span className="font-mono text-xs text-slate-600">
        {result.model.name} v{result.model.version} on {result.model.instances.join(", ")} · {predictPlan(result.predict)}
      </span>
    </div>
  );
}

/** The items ranked under one solution: rank, item id, score, and each item's own error. */
export function RankingTable({ ranking, caption }: { ranking: Ranking; caption: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th className="w-16 text-right">Rank</Th>
          <Th>Item</Th>
          <Th className="text-right">Score{ranking.output ? ` (${ranking.output})` : ""}</Th>
          <Th>Error</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {ranking.rows.map((r) => (
          <tr key={r.index} data-testid="ranking-row" data-item={r.label} className={r.error ? "bg-red-50/40" : undefined}>
            <Td className="text-right tabular-nums font-medium">{r.rank ?? "—"}</Td>
            <Td className="font-mono text-xs">{r.label}</Td>
            <Td className="text-right font-mono text-xs tabular-nums">{fmtScore(r.score)}</Td>
            <Td className="max-w-md break-words text-xs text-red-800">{r.error ?? ""}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** A batch trial's answer: the ranking (collapsed when a comparison above shows it), the trace, the details. */
export function BatchResult({ result, ranking, rankingOpen = true }: { result: BatchScoreResponse; ranking: Ranking; rankingOpen?: boolean }) {
  const scored = ranking.rows.filter((r) => r.rank !== null).length;
  const table = <RankingTable ranking={ranking} caption={`Items ranked under ${result.solution}`} />;
  return (
    <div className="space-y-4">
      <Card title="Ranking">
        <div className="mb-3">
          <BatchSummary result={result} />
        </div>
        {scored === 0 ? (
          <div className="mb-3">
            <Alert tone="warning" title="No item was scored">Each item&apos;s error is in the table.</Alert>
          </div>
        ) : null}
        {rankingOpen ? table : <Details title={`Ranking (${ranking.rows.length} items)`}>{table}</Details>}
      </Card>
      {result.trace ? (
        <Card title="Trace">
          <TraceTimeline steps={result.trace} />
        </Card>
      ) : null}
      {result.details ? (
        <div className="space-y-2">
          <Details title={`Feature queries (${result.details.queries.length})`}>
            <FeatureQueriesTable queries={result.details.queries} batch />
          </Details>
          <Details title={`featureMaps (${result.details.featureMaps.length})`}>{json(result.details.featureMaps)}</Details>
          <Details title="TensorIOs">{json(result.details.tensorIOs)}</Details>
          <Details title={`Predict requests (${result.details.predictRequests.length})`}>{json(result.details.predictRequests)}</Details>
        </div>
      ) : null}
    </div>
  );
}
