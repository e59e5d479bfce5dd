"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { nodeKindSpec } from "@/server/contracts/dag-node-kinds";
import type { DagFlowNode } from "./dag-flow-model";
import { nodeView } from "./node-kinds";
import { ago, failedNote, PHASE_LABEL, PHASE_TONE } from "./phase-label";

/** One node on the canvas: kind, key, versions, state, last change, alerts; red when a save named it. */
function DagNodeCardView({ data, selected }: NodeProps<DagFlowNode>) {
  const { node, status, problems } = data;
  // Handles, label and whether it has phases: the kind's declaration; colours and note: its view.
  const spec = nodeKindSpec(node.kind);
  const view = nodeView(node.kind);
  const note = view.headerNote?.(node) ?? null;
  const phase = status?.phase ?? "idle";
  const moving = status && status.ready !== null && status.ready !== status.online;
  const alerts = status?.alerts ?? [];
  const failure = status ? failedNote(status) : null;
  return (
    <div
      data-testid={`dag-node-${node.key}`}
      data-phase={phase}
      data-online={status?.online ?? ""}
      data-alerts={alerts.join(" ")}
      data-held={status?.hold ? "true" : undefined}
      title={problems?.join("\n")}
      className={cx(
        "w-[220px] rounded-lg border bg-white text-left shadow-sm",
        problems?.length ? "border-red-500 ring-2 ring-red-400" : alerts.length ? "border-amber-400 ring-1 ring-amber-300" : "border-slate-300",
        selected && !problems?.length ? "ring-2 ring-indigo-500" : null,
      )}
    >
      {spec.inputs.rule !== "none" ? <Handle type="target" position={Position.Left} className="!h-3 !w-3 !border-2 !border-white !bg-slate-500" /> : null}
      <div className={cx("flex items-center justify-between gap-2 rounded-t-lg border-b px-2.5 py-1.5", view.headerClass)}>
        <span className="text-[10px] font-semibold uppercase tracking-wide">{spec.label}</span>
        {note ? <span className="text-[10px] font-medium">{note}</span> : null}
      </div>
      <div className="space-y-1.5 px-2.5 py-2">
        <p className="truncate font-mono text-[13px] font-semibold text-slate-900">{node.key}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          <dt className="text-slate-500">online</dt>
          <dd data-testid="online" className="truncate font-mono text-slate-900">{status?.online ?? "—"}</dd>
          {moving ? (
            <>
              <dt className="text-slate-500">ready</dt>
              <dd className="truncate font-mono font-semibold text-indigo-700">{status.ready}</dd>
            </>
          ) : null}
        </dl>
        <div className="flex flex-wrap items-center gap-1">
          {spec.hasPhases ? <Badge tone={PHASE_TONE[phase]}>{PHASE_LABEL[phase]}</Badge> : null}
          {status?.hold ? (
            <span data-testid="held-badge">
              <Badge tone="amber">held by rollback #{status.hold.releaseSeq}</Badge>
            </span>
          ) : null}
          {alerts.map((a) => (
            <Badge key={a} tone={a === "expired" || a === "verification_failed" ? "red" : "amber"}>{a === "verification_failed" ? "verification failed" : a}</Badge>
          ))}
        </div>
        {failure ? (
          <p data-testid="failed-note" className="text-[11px] font-medium text-red-700">
            {failure}
          </p>
        ) : null}
        <p className="text-[11px] text-slate-500">changed {ago(status?.changedAt ?? null)}</p>
        {problems?.length ? <p className="text-[11px] font-medium text-red-700">{problems[0]}</p> : null}
      </div>
      {spec.outputs.rule !== "none" ? <Handle type="source" position={Position.Right} className="!h-3 !w-3 !border-2 !border-white !bg-slate-500" /> : null}
    </div>
  );
}

export const DagNodeCard = memo(DagNodeCardView);
