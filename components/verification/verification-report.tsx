"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { CheckStatus, SolutionSampleStats, VerificationCheck, VerificationReport, VerificationState } from "@/server/contracts/verification";

/**
 * A verification report (docs/verification.md), wherever one is shown: a change request's panel
 * on the Approvals page, a release. Its state (with progress while it runs), each check with its
 * reason and where to fix it, the sample statistics per solution, and what it was computed against.
 */
export function VerificationReportView({ report }: { report: VerificationReport }) {
  return (
    <div className="space-y-4" data-testid="verification-report">
      <ReportState report={report} />
      {report.checks.length > 0 ? <Checks checks={report.checks} /> : null}
      {report.samples.length > 0 ? <SampleStats samples={report.samples} sampleCount={report.sampleCount} /> : null}
      {report.inputs ? <Inputs report={report} /> : null}
    </div>
  );
}

export const STATE_TONE: Record<VerificationState, "slate" | "green" | "amber" | "red" | "indigo"> = {
  running: "indigo",
  passed: "green",
  warned: "amber",
  failed: "red",
  error: "red",
};
export const STATE_LABEL: Record<VerificationState, string> = {
  running: "Verifying…",
  passed: "Verified",
  warned: "Verified with warnings",
  failed: "Verification failed",
  error: "Verification could not finish",
};
const CHECK_TONE: Record<CheckStatus, "green" | "amber" | "red"> = { passed: "green", warned: "amber", failed: "red" };

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });

function ReportState({ report }: { report: VerificationReport }) {
  const { done, total, step } = report.progress;
  return (
    <div className="space-y-2">
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <Badge tone={STATE_TONE[report.state]}>{STATE_LABEL[report.state]}</Badge>
        <span>
          asked by {report.requestedBy} · started {when(report.startedAt)}
          {report.finishedAt ? ` · finished ${when(report.finishedAt)}` : ""}
          {report.subject.revision !== null ? ` · revision ${report.subject.revision}` : ""}
        </span>
      </p>
      {report.state === "running" ? (
        <div className="space-y-1">
          <div
            role="progressbar"
            aria-label="Verification progress"
            aria-valuemin={0}
            aria-valuemax={total || 1}
            aria-valuenow={done}
            aria-valuetext={total ? `${done} of ${total}: ${step}` : step}
            className="h-1.5 w-full overflow-hidden rounded bg-slate-100"
          >
            <div className="h-full bg-indigo-500 transition-all" style={{ width: `${total ? Math.round((done / total) * 100) : 5}%` }} />
          </div>
          <p className="text-xs text-slate-500">{total ? `${done} of ${total}` : ""} {step}</p>
        </div>
      ) : null}
      {report.error ? <p className="text-xs text-red-700">{report.error}</p> : null}
      {report.override ? (
        <p className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
          Overridden by {report.override.by} on {when(report.override.at)}: “{report.override.reason}”
        </p>
      ) : null}
    </div>
  );
}

function Checks({ checks }: { checks: VerificationCheck[] }) {
  // Failed first, then warned: what needs a hand is on top.
  const order: Record<CheckStatus, number> = { failed: 0, warned: 1, passed: 2 };
  const sorted = [...checks].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <section aria-label="Checks">
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Checks</h3>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {sorted.map((c) => (
          <li key={c.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2 text-sm" data-testid="verification-check" data-status={c.status}>
            <Badge tone={CHECK_TONE[c.status]}>{c.status}</Badge>
            <div className="min-w-0 flex-1">
              <p className="text-slate-800">
                {c.solution ? <span className="mr-1 font-mono text-xs text-slate-500">{c.solution}</span> : null}
                {c.title}
              </p>
              {c.reason ? <p className="break-words text-xs text-slate-600">{c.reason}</p> : null}
            </div>
            {c.fix && c.status !== "passed" ? (
              <Link href={c.fix.href} className="text-xs font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500">
                {c.fix.label} →
              </Link>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

const num = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? "–" : Number(x.toFixed(digits)).toString());
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function SampleStats({ samples, sampleCount }: { samples: SolutionSampleStats[]; sampleCount: number }) {
  return (
    <section aria-label="Sample scores" className="space-y-3">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Sample scores ({sampleCount} {sampleCount === 1 ? "request" : "requests"})</h3>
      <div className="grid gap-3 lg:grid-cols-2">
        {samples.map((s) => (
          <div key={s.solution} className="rounded-md border border-slate-200 p-3 text-xs">
            <p className="mb-2 flex flex-wrap items-center gap-2">
              <span className="font-mono font-semibold text-slate-800">{s.solution}</span>
              <Badge tone="green">{s.scored} scored</Badge>
              {s.failed > 0 ? <Badge tone="red">{s.failed} failed</Badge> : null}
              {Object.entries(s.failuresByStage).map(([stage, n]) => (
                <span key={stage} className="text-slate-600">
                  {n} at {stage}
                </span>
              ))}
            </p>
            {s.firstFailures.length > 0 ? (
              <ul className="mb-2 list-disc space-y-0.5 pl-4 text-red-800">
                {s.firstFailures.map((f, i) => (
                  <li key={i} className="break-words">
                    {f.sample} ({f.stage}): {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {s.missingFeatures.length > 0 ? (
              <p className="mb-2 text-slate-600">
                Missing features:{" "}
                {s.missingFeatures.map((m, i) => (
                  <span key={m.feature} className={m.rate > 0 ? "text-amber-800" : undefined}>
                    {i > 0 ? ", " : ""}
                    <span className="font-mono">{m.feature}</span> {pct(m.rate)}
                  </span>
                ))}
              </p>
            ) : null}
            {s.outputs.length > 0 ? (
              <div className="overflow-x-auto">
                <table className="w-full text-left tabular-nums">
                  <caption className="sr-only">Outputs of {s.solution}</caption>
                  <thead className="text-slate-500">
                    <tr>
                      <th scope="col" className="pr-2 font-medium">output</th>
                      <th scope="col" className="pr-2 font-medium">mean</th>
                      <th scope="col" className="pr-2 font-medium">min</th>
                      <th scope="col" className="pr-2 font-medium">max</th>
                      <th scope="col" className="pr-2 font-medium">live mean</th>
                      <th scope="col" className="font-medium">shift</th>
                    </tr>
                  </thead>
                  <tbody className="text-slate-800">
                    {s.outputs.map((o) => (
                      <tr key={o.name}>
                        <th scope="row" className="pr-2 font-mono font-normal">{o.name}</th>
                        <td className="pr-2">{num(o.mean)}</td>
                        <td className="pr-2">{num(o.min)}</td>
                        <td className="pr-2">{num(o.max)}</td>
                        <td className="pr-2">{o.live ? num(o.live.mean) : "no live"}</td>
                        <td>{o.shift === null ? "–" : `${o.shift >= 0 ? "+" : ""}${num(o.shift)}`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}

function Inputs({ report }: { report: VerificationReport }) {
  const inputs = report.inputs!;
  return (
    <details className="rounded-md border border-slate-200 text-xs">
      <summary className="cursor-pointer px-3 py-2 font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-500">What it was computed against</summary>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 border-t border-slate-200 px-3 py-2 text-slate-600 md:grid-cols-2">
        <div>
          <dt className="inline font-medium text-slate-700">Base release </dt>
          <dd className="inline font-mono">{inputs.baseReleaseId?.slice(0, 8) ?? "none (first release)"}</dd>
        </div>
        <div>
          <dt className="inline font-medium text-slate-700">Live release </dt>
          <dd className="inline font-mono">{inputs.liveReleaseId?.slice(0, 8) ?? "none"}</dd>
        </div>
        <div>
          <dt className="inline font-medium text-slate-700">Content hash </dt>
          <dd className="inline font-mono">{inputs.contentHash.slice(0, 12)}</dd>
        </div>
        <div>
          <dt className="inline font-medium text-slate-700">Sample set </dt>
          <dd className="inline font-mono">{inputs.sampleSetHash.slice(0, 12)}</dd>
          <dd className="inline"> · thresholds v{inputs.settingsVersion}</dd>
        </div>
        <div className="md:col-span-2">
          <dt className="inline font-medium text-slate-700">fg versions </dt>
          <dd className="inline font-mono">{inputs.fgVersions.join(", ") || "none published"}</dd>
        </div>
        <div className="md:col-span-2">
          <dt className="font-medium text-slate-700">Model versions</dt>
          {inputs.models.map((m) => (
            <dd key={`${m.model}@${m.version}`} className="font-mono">
              {m.model} {m.version ?? "(unresolved)"}: {m.instances.map((i) => `${i.address} ${i.state ?? "unreachable"}`).join(", ") || "no instance"}
            </dd>
          ))}
        </div>
      </dl>
    </details>
  );
}
