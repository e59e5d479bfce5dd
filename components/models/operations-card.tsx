"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { ModelOperation } from "@/server/contracts/models";

function describe(op: ModelOperation): string {
  const p = op.params as { version?: number | null; label?: string; policy?: { kind: string } };
  if (op.kind === "label") return p.version === null ? `remove label ${p.label}` : `move label ${p.label} to ${p.version}`;
  if (op.kind === "apply") return `apply ${p.policy?.kind} policy`;
  return `${op.kind === "hotfix" ? "hot-fix reload" : op.kind} version ${p.version}`;
}

const TONE = { running: "amber", succeeded: "green", failed: "red" } as const;

export function OperationsCard({ operations }: { operations: ModelOperation[] }) {
  const [latest, ...older] = operations;
  return (
    <Card title="Operations">
      {!latest ? <p className="text-sm text-slate-500">No operations yet. Load, unload, label and hot-fix show their progress here.</p> : null}
      {latest ? (
        <div data-testid="latest-operation" aria-live="polite">
          <p className="flex items-center gap-2 text-sm">
            <Badge tone={TONE[latest.state]}>{latest.state}</Badge>
            <span className="font-medium">{describe(latest)}</span>
            <span className="text-xs text-slate-500">by {latest.createdBy}</span>
          </p>
          {latest.error ? <div className="mt-2"><Alert tone="error">{latest.error}</Alert></div> : null}
          <ol className="mt-2 space-y-0.5 border-l-2 border-slate-200 pl-3 font-mono text-xs">
            {latest.steps.map((s, i) => (
              <li key={i} className={s.state === "failed" ? "text-red-700" : s.state === "ok" ? "text-emerald-700" : "text-slate-600"}>
                <span className="text-slate-400">{new Date(s.at).toLocaleTimeString()}</span> {s.instance ? <span className="text-slate-500">[{s.instance}]</span> : null} {s.message}
              </li>
            ))}
            {latest.state === "running" ? <li className="animate-pulse text-slate-400">waiting…</li> : null}
          </ol>
        </div>
      ) : null}
      {older.length ? (
        <ul className="mt-4 space-y-1 border-t border-slate-100 pt-3 text-xs">
          {older.map((op) => (
            <li key={op.id} className="flex items-center gap-2">
              <Badge tone={TONE[op.state]}>{op.state}</Badge> {describe(op)} <span className="text-slate-400">{new Date(op.createdAt).toLocaleString()}</span>
              {op.error ? <span className="text-red-700">{op.error}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
