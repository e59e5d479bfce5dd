"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { trialKey } from "./origin-draft";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Loading } from "@/components/ui/loading";
import { isBatchResponse, type ScoreRequestInput, type TraceStep, type TrialScoreResponse } from "@/server/contracts/scoring";
import { BatchResult } from "./batch-result";
import { rankItems, type Ranking } from "./item-ranking";
import { RankingComparison } from "./ranking-comparison";
import { configLabel, withConfigChoice } from "./config-choice";
import { curlCommand } from "./curl-command";
import { CompareSummary } from "./compare-summary";
import { differingTensors, type DifferingTensors } from "./differing-tensors";
import { ScoreResult } from "./score-result";
import { TraceTimeline } from "./trace-timeline";
import { TrialForm, type TrialFormValue } from "./trial-form";
import { useChangeRequestTrial } from "./use-change-request-trial";
import { useRecentRequests, useScore } from "./use-trial";

/** The other side of a change request's trial: live, what scoring services read. */
const LIVE = { config: "published" } as const;

/** `ranking`: a batch's items ranked (the request's items name them). */
type Outcome = { ok: true; result: TrialScoreResponse; ranking: Ranking | null } | { ok: false; message: string; trace: TraceStep[] };

async function score(run: (r: ScoreRequestInput) => Promise<TrialScoreResponse>, req: ScoreRequestInput): Promise<Outcome> {
  try {
    const result = await run(req);
    return { ok: true, result, ranking: isBatchResponse(result) ? rankItems(result, req.items ?? []) : null };
  } catch (e) {
    const trace = ((e instanceof ApiError ? (e.details as { trace?: TraceStep[] } | null)?.trace : undefined) ?? []) as TraceStep[];
    return { ok: false, message: e instanceof Error ? e.message : "Scoring failed.", trace };
  }
}

/** `compared`: a comparison above already shows the ranking, so each side keeps its own collapsed. */
function OutcomeView({ outcome, label, highlight, compared }: { outcome: Outcome; label?: string; highlight?: DifferingTensors; compared?: boolean }) {
  return (
    <div className="min-w-0 space-y-3" data-testid={label ? `outcome-${label}` : "outcome"}>
      {label ? <h2 className="text-sm font-semibold text-slate-700">{label}</h2> : null}
      {outcome.ok && isBatchResponse(outcome.result) && outcome.ranking ? (
        <BatchResult result={outcome.result} ranking={outcome.ranking} rankingOpen={!compared} />
      ) : outcome.ok && !isBatchResponse(outcome.result) ? (
        <ScoreResult result={outcome.result} highlight={highlight} />
      ) : !outcome.ok ? (
        <>
          <Alert tone="error" title="Scoring failed">{outcome.message}</Alert>
          {outcome.trace.length ? (
            <Card title="Trace up to the failing step">
              <TraceTimeline steps={outcome.trace} />
            </Card>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** `userKey`: the signed-in person's id; recent requests are kept under it, so two people on one browser keep their own. */
export function TrialPage({ userKey }: { userKey: string }) {
  // `?changeRequest=<id>` (from "Trial-score against live"): a sample under the request's candidate next to live.
  const changeRequestId = useSearchParams().get("changeRequest");
  const fromRequest = useChangeRequestTrial(changeRequestId);
  const mutation = useScore();
  const { recent, remember } = useRecentRequests(userKey);
  const [picked, setInitial] = useState<ScoreRequestInput | null>(null);
  const initial = picked ?? fromRequest.initial;
  const [last, setLast] = useState<ScoreRequestInput | null>(null);
  const [outcomes, setOutcomes] = useState<{ a: Outcome; b: Outcome | null; labels: [string, string] | null } | null>(null);
  const [pending, setPending] = useState(false);
  const [curl, setCurl] = useState<{ text: string; copied: boolean } | null>(null);
  // The request the shown result answers, and the one the form now holds: when they differ the result is stale.
  const [ranKey, setRanKey] = useState("");
  const [draftKey, setDraftKey] = useState("");
  const stale = outcomes !== null && !pending && ranKey !== draftKey;

  async function run({ request, compare }: TrialFormValue) {
    setPending(true);
    setCurl(null);
    remember(request);
    setLast(request);
    const o = request.options;
    setRanKey(trialKey({ app: request.app_name, origin: request.origin, items: request.items, config: o?.config ?? "published", bucket: o?.bucket, solution: o?.solution, compare }));
    const other = compare ? { ...request, options: withConfigChoice({ ...request.options, solution: compare.solution }, compare.config, changeRequestId) } : null;
    const [a, b] = await Promise.all([score(mutation.mutateAsync, request), other ? score(mutation.mutateAsync, other) : Promise.resolve(null)]);
    const name = (r: ScoreRequestInput) => `${r.options?.solution ?? "by bucket"} · ${configLabel(r.options)}`;
    setOutcomes({ a, b, labels: other ? [name(request), name(other)] : null });
    setPending(false);
  }

  // One click: opened from a change request with a sample, the comparison runs at once.
  const autoRun = useRef<ScoreRequestInput | null>(null);
  useEffect(() => {
    const request = fromRequest.initial;
    if (!request || !fromRequest.sample || autoRun.current === request) return;
    autoRun.current = request;
    void run({ request, compare: LIVE });
  });

  const singles = outcomes?.a.ok && outcomes.b?.ok && !isBatchResponse(outcomes.a.result) && !isBatchResponse(outcomes.b.result) ? { a: outcomes.a.result, b: outcomes.b.result } : null;
  const rankings = outcomes?.a.ok && outcomes.b?.ok && outcomes.a.ranking && outcomes.b.ranking ? { a: outcomes.a.ranking, b: outcomes.b.ranking } : null;
  const highlight = singles ? differingTensors(singles.a, singles.b) : undefined;

  /** One click on a recent request scores it again (and shows it in the form for changes). */
  function rerun(request: ScoreRequestInput) {
    setInitial({ ...request });
    void run({ request, compare: null });
  }

  async function copyCurl(request: ScoreRequestInput) {
    const text = curlCommand(window.location.origin, request);
    // The clipboard API exists only on secure origins (https, localhost): elsewhere the command is shown to select by hand.
    const copied = await navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    );
    setCurl({ text, copied });
  }

  return (
    <>
      <PageHeader
        title="Trial scoring"
        description="Runs a request through bucket, feature queries, fg and TF Serving exactly as a scoring service would, and shows every step. Nothing is changed by a trial."
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-4">
          {changeRequestId ? <ChangeRequestBanner id={changeRequestId} state={fromRequest} /> : null}
          <TrialForm initial={initial} initialCompare={fromRequest.initial && !picked ? LIVE : null} changeRequestId={changeRequestId} pending={pending} onRun={run} onDraftChange={setDraftKey} />
        </div>
        <Card title="Recent requests">
          {recent.length === 0 ? <p className="text-sm text-slate-500">Your last requests show up here for one-click re-runs.</p> : null}
          <ul className="space-y-1">
            {recent.map((r, i) => (
              <li key={i}>
                <button
                  type="button"
                  disabled={pending}
                  className="w-full truncate rounded px-2 py-1 text-left font-mono text-xs text-slate-700 hover:bg-slate-100 disabled:opacity-50"
                  onClick={() => rerun(r)}
                  title="Score this request again"
                >
                  {r.app_name} {JSON.stringify(r.origin)}{r.items ? ` × ${r.items.length} items` : ""} {r.options?.solution ? `→ ${r.options.solution}` : ""} {configLabel(r.options) !== "published" ? `(${configLabel(r.options)})` : ""}
                </button>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      {last ? (
        <div className="mt-4 space-y-2">
          <Button size="sm" onClick={() => void copyCurl(last)}>
            {curl?.copied ? "Copied" : "Copy as curl"}
          </Button>
          {curl ? (
            <div>
              <p className="text-xs text-slate-600">
                {curl.copied ? "Copied to the clipboard (put your session cookie in):" : "This browser does not allow copying here; select the command:"}
              </p>
              <pre data-testid="curl-command" className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-mono text-xs text-slate-800">
                {curl.text}
              </pre>
            </div>
          ) : null}
        </div>
      ) : null}
      {stale ? (
        <div className="mt-6" data-testid="stale-result">
          <Alert tone="warning" title="Stale: the request changed since this result">
            The result below answers the request as it was when you scored it. Score again to see the new one.
          </Alert>
        </div>
      ) : null}
      {pending ? <Loading label={last?.items ? `Scoring ${last.items.length} items…` : "Scoring…"} /> : null}
      {singles && outcomes?.labels ? (
        <div className={stale ? "mt-6 opacity-60" : "mt-6"}>
          <CompareSummary a={singles.a} b={singles.b} labels={outcomes.labels} />
        </div>
      ) : null}
      {rankings && outcomes?.labels ? (
        <div className={stale ? "mt-6 opacity-60" : "mt-6"} data-stale={stale ? "true" : undefined}>
          <RankingComparison a={rankings.a} b={rankings.b} labels={outcomes.labels} />
        </div>
      ) : null}
      {outcomes ? (
        <div className={`${outcomes.b ? "mt-6 grid grid-cols-1 gap-6 lg:grid-cols-2" : "mt-6"}${stale ? " opacity-60" : ""}`} data-stale={stale ? "true" : undefined}>
          <OutcomeView outcome={outcomes.a} label={outcomes.labels?.[0]} highlight={highlight} compared={!!rankings} />
          {outcomes.b ? <OutcomeView outcome={outcomes.b} label={outcomes.labels?.[1]} highlight={highlight} compared={!!rankings} /> : null}
        </div>
      ) : null}
    </>
  );
}

function ChangeRequestBanner({ id, state }: { id: string; state: ReturnType<typeof useChangeRequestTrial> }) {
  if (state.loading) return <p className="text-sm text-slate-500">Loading the change request…</p>;
  if (state.error) return <Alert tone="error" title="Could not load the change request">{state.error.message}</Alert>;
  if (!state.request) return null;
  return (
    <div className="rounded-md border border-indigo-100 bg-indigo-50/50 px-4 py-3 text-sm text-slate-800" data-testid="change-request-trial">
      <p>
        Trying{" "}
        <Link className="font-medium text-indigo-700 underline" href={`/approvals?request=${encodeURIComponent(id)}`}>
          “{state.request.title}”
        </Link>{" "}
        of <span className="font-mono">{state.request.app}</span>: its candidate (<span className="font-medium">change request</span>) next to live (<span className="font-medium">published</span>)
        {state.sample ? <>, on the sample request “{state.sample.name}”.</> : "."}
      </p>
      {!state.sample ? <p className="mt-1 text-slate-600">{state.request.app} has no sample requests: fill in a request below and score both.</p> : null}
      {state.request.state !== "pending" ? <p className="mt-1 text-amber-800">This request is {state.request.state}: only a pending request can be tried.</p> : null}
    </div>
  );
}
