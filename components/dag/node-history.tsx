"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Loading } from "@/components/ui/loading";
import { nodeKindSpec } from "@/server/contracts/dag-node-kinds";
import type { DagNodeStatus } from "@/server/contracts/dag-status";
import { ago, failedNote, PHASE_LABEL, PHASE_TONE } from "./phase-label";
import { useNodeEvents, useResumeNode, useRetryNode } from "./use-dag";
import { VerificationFailureBox } from "./verification-failure-box";

/** A node's live state and its event history, newest first; a failed trigger can be retried. (A promotion's decision: promotion-decision.tsx, at the top of the panel.) */
export function NodeHistory({ app, status, canEdit }: { app: string; status: DagNodeStatus | undefined; canEdit: boolean }) {
  const events = useNodeEvents(app, status?.key ?? null);
  const retry = useRetryNode(app);
  const resume = useResumeNode(app);
  if (!status) return <p className="text-sm text-slate-500">Save the DAG to see this node&apos;s state.</p>;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">Online</dt>
        <dd className="font-mono">{status.online ?? "—"}</dd>
        <dt className="text-slate-500">Ready</dt>
        <dd className="font-mono">{status.ready ?? "—"}</dd>
        {nodeKindSpec(status.kind).hasPhases ? (
          <>
            <dt className="text-slate-500">State</dt>
            <dd>
              <Badge tone={PHASE_TONE[status.phase]}>{PHASE_LABEL[status.phase]}</Badge>
              {status.waitingFor.length ? <span className="ml-1 text-xs text-slate-500">on {status.waitingFor.join(", ")}</span> : null}
              {failedNote(status) ? <span className="ml-1 text-xs text-red-700">{failedNote(status)}</span> : null}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-500">Changed</dt>
        <dd>{status.changedAt ? <time dateTime={status.changedAt} title={new Date(status.changedAt).toLocaleString()}>{ago(status.changedAt)}</time> : "never"}</dd>
        {status.setBy ? (
          <>
            <dt className="text-slate-500">Set by</dt>
            <dd className="truncate">{status.setBy}</dd>
          </>
        ) : null}
      </dl>
      {status.lastError?.kind === "verification_failed" ? (
        <VerificationFailureBox app={app} error={status.lastError} />
      ) : status.lastError ? (
        <Alert tone="error" title={status.lastError.kind === "approval_rejected" ? "Promotion rejected" : "Hook failed"}>
          {status.lastError.message}
        </Alert>
      ) : null}
      {status.hold ? (
        <Alert tone="warning" title={`Held by rollback #${status.hold.releaseSeq}`}>
          <p data-testid="node-hold">
            The rollback{status.hold.rollbackOfSeq !== null ? ` to #${status.hold.rollbackOfSeq}` : ""} set{" "}
            {Object.entries(status.hold.versions).map(([k, v]) => `${k}=${v}`).join(", ") || "no version"}. The engine publishes nothing for this node until someone resumes it; then it writes its inputs&apos; online versions at once.
          </p>
          {canEdit ? (
            <div className="mt-2 space-y-1">
              <Button size="sm" variant="primary" disabled={resume.isPending} onClick={() => resume.mutate(status.key)}>
                Resume
              </Button>
              {resume.error ? <p role="alert" className="text-xs text-red-700">{resume.error.message}</p> : null}
            </div>
          ) : null}
        </Alert>
      ) : null}
      {canEdit && status.phase === "failed" && status.lastError?.kind === "verification_failed" ? (
        <div className="space-y-1">
          <Button size="sm" variant="primary" disabled={retry.isPending} onClick={() => retry.mutate(status.key)}>
            Retry
          </Button>
          <p className="text-xs text-slate-500">Verifies its release again, or, when its inputs moved on since, skips it and writes the newest inputs (a new release, verified in turn).</p>
          {retry.error ? <p role="alert" className="text-xs text-red-700">{retry.error.message}</p> : null}
        </div>
      ) : canEdit && status.phase === "failed" ? (
        <div className="space-y-1">
          <Button size="sm" variant="primary" disabled={retry.isPending} onClick={() => retry.mutate(status.key)}>
            Retry the hook
          </Button>
          <p className="text-xs text-slate-500">Calls the hook again for {status.ready}, or for the newest inputs when they moved on since it failed.</p>
          {retry.error ? <p role="alert" className="text-xs text-red-700">{retry.error.message}</p> : null}
        </div>
      ) : null}
      <div>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">History</h3>
        {events.isPending ? <Loading /> : null}
        {events.error ? <Alert tone="error">{events.error.message}</Alert> : null}
        {events.data && events.data.length === 0 ? <p className="text-sm text-slate-500">Nothing happened to this node yet.</p> : null}
        <ol aria-label={`History of ${status.key}`} className="max-h-80 space-y-2 overflow-y-auto pr-1">
          {events.data?.map((e) => (
            <li key={e.id} className="border-l-2 border-slate-200 pl-2 text-xs">
              <p className="text-slate-800">{e.message}</p>
              <p className="text-slate-500">
                <time dateTime={e.at} title={new Date(e.at).toLocaleString()}>{ago(e.at)}</time> · {e.actor}
              </p>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
