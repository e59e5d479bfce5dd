"use client";

import { useState } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import type { ScoreRequestInput, ScoreResponse, TraceStepDto } from "@/server/contracts/scoring";
import { curlCommand } from "./curl-command";
import { CompareSummary } from "./compare-summary";
import { ScoreResult } from "./score-result";
import { TraceTimeline } from "./trace-timeline";
import { TrialForm, type TrialFormValue } from "./trial-form";
import { useRecentRequests, useScore } from "./use-trial";

type Outcome = { ok: true; result: ScoreResponse } | { ok: false; message: string; trace: TraceStepDto[] };

async function score(run: (r: ScoreRequestInput) => Promise<ScoreResponse>, req: ScoreRequestInput): Promise<Outcome> {
  try {
    return { ok: true, result: await run(req) };
  } catch (e) {
    const trace = ((e instanceof ApiError ? (e.details as { trace?: TraceStepDto[] } | null)?.trace : undefined) ?? []) as TraceStepDto[];
    return { ok: false, message: e instanceof Error ? e.message : "Scoring failed.", trace };
  }
}

/** Tensors whose values differ between the two results, by name. */
function differing(a: ScoreResponse, b: ScoreResponse): Set<string> {
  const out = new Set<string>();
  for (const t of new Set([...Object.keys(a.outputs), ...Object.keys(b.outputs)])) {
    if (JSON.stringify(a.outputs[t]?.values) !== JSON.stringify(b.outputs[t]?.values)) out.add(t);
  }
  return out;
}

function OutcomeView({ outcome, label, highlight }: { outcome: Outcome; label?: string; highlight?: Set<string> }) {
  return (
    <div className="min-w-0 space-y-3" data-testid={label ? `outcome-${label}` : "outcome"}>
      {label ? <h2 className="text-sm font-semibold text-slate-700">{label}</h2> : null}
      {outcome.ok ? (
        <ScoreResult result={outcome.result} highlight={highlight} />
      ) : (
        <>
          <Alert tone="error" title="Scoring failed">{outcome.message}</Alert>
          {outcome.trace.length ? (
            <Card title="Trace up to the failing step">
              <TraceTimeline steps={outcome.trace} />
            </Card>
          ) : null}
        </>
      )}
    </div>
  );
}

export function TrialPage({ userKey }: { userKey: string }) {
  const mutation = useScore();
  const { recent, remember } = useRecentRequests(userKey);
  const [initial, setInitial] = useState<ScoreRequestInput | null>(null);
  const [last, setLast] = useState<ScoreRequestInput | null>(null);
  const [outcomes, setOutcomes] = useState<{ a: Outcome; b: Outcome | null; labels: [string, string] | null } | null>(null);
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState(false);

  async function run({ request, compare }: TrialFormValue) {
    setPending(true);
    setCopied(false);
    remember(request);
    setLast(request);
    const other = compare ? { ...request, options: { ...request.options, solution: compare.solution, config: compare.config } } : null;
    const [a, b] = await Promise.all([score(mutation.mutateAsync, request), other ? score(mutation.mutateAsync, other) : Promise.resolve(null)]);
    const name = (r: ScoreRequestInput) => `${r.options?.solution ?? "by bucket"} · ${r.options?.config ?? "published"}`;
    setOutcomes({ a, b, labels: other ? [name(request), name(other)] : null });
    setPending(false);
  }

  const highlight = outcomes?.a.ok && outcomes.b?.ok ? differing(outcomes.a.result, outcomes.b.result) : undefined;

  return (
    <>
      <PageHeader
        title="Trial scoring"
        description="Runs a request through bucket, feature queries, fg and TF Serving exactly as a scoring service would, and shows every step. Nothing is changed by a trial."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_18rem]">
        <TrialForm initial={initial} pending={pending} onRun={run} />
        <Card title="Recent requests">
          {recent.length === 0 ? <p className="text-sm text-slate-500">Your last requests show up here for one-click re-runs.</p> : null}
          <ul className="space-y-1">
            {recent.map((r, i) => (
              <li key={i}>
                <button type="button" className="w-full truncate rounded px-2 py-1 text-left font-mono text-xs text-slate-700 hover:bg-slate-100" onClick={() => setInitial({ ...r })} title="Load into the form">
                  {r.app_name} {JSON.stringify(r.origin)} {r.options?.solution ? `→ ${r.options.solution}` : ""}
                </button>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {last ? (
        <div className="mt-4 flex items-center gap-2">
          <Button
            size="sm"
            onClick={async () => {
              await navigator.clipboard?.writeText(curlCommand(window.location.origin, last)).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy as curl"}
          </Button>
        </div>
      ) : null}
      {outcomes?.a.ok && outcomes.b?.ok && outcomes.labels ? (
        <div className="mt-6">
          <CompareSummary a={outcomes.a.result} b={outcomes.b.result} labels={outcomes.labels} />
        </div>
      ) : null}
      {outcomes ? (
        <div className={outcomes.b ? "mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2" : "mt-6"}>
          <OutcomeView outcome={outcomes.a} label={outcomes.labels?.[0]} highlight={highlight} />
          {outcomes.b ? <OutcomeView outcome={outcomes.b} label={outcomes.labels?.[1]} highlight={highlight} /> : null}
        </div>
      ) : null}
    </>
  );
}
