"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import type { ModelDetail, ModelOperationRequest } from "@/server/contracts/models";

export function LabelsCard({ detail, canEdit, busy, run }: { detail: ModelDetail; canEdit: boolean; busy: boolean; run: (req: ModelOperationRequest) => void }) {
  const labels = Object.entries(detail.model?.labels ?? {});
  // A label may only point at a version AVAILABLE on every instance (TF Serving refuses others).
  const available = [...new Set(detail.instances.flatMap((i) => i.versions.filter((v) => v.state === "AVAILABLE").map((v) => v.version)))]
    .filter((v) => detail.instances.every((i) => i.versions.some((x) => x.version === v && x.state === "AVAILABLE")))
    .sort((a, b) => b - a);
  const [label, setLabel] = useState("stable");
  const [version, setVersion] = useState("");

  function move(e: FormEvent) {
    e.preventDefault();
    if (label && version) run({ kind: "label", label, version: Number(version) });
  }

  return (
    <Card title="Labels">
      {labels.length === 0 ? <p className="text-sm text-slate-500">No labels. Clients can ask for a label (stable, canary) instead of a version number.</p> : null}
      <ul className="space-y-1">
        {labels.map(([l, v]) => (
          <li key={l} className="flex items-center justify-between gap-2 text-sm" data-testid={`label-${l}`}>
            <span><span className="font-mono font-medium">{l}</span> → <span className="font-mono">{v}</span></span>
            {canEdit ? <Button size="sm" variant="ghost" disabled={busy} onClick={() => run({ kind: "label", label: l, version: null })}>Remove</Button> : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form onSubmit={move} className="mt-4 flex flex-wrap items-end gap-2" aria-label="Move a label">
          <div>
            <label htmlFor="label-name" className="block text-sm font-medium text-slate-700">Label</label>
            <Input id="label-name" className="w-32" value={label} onChange={(e) => setLabel(e.target.value)} />
          </div>
          <div>
            <label htmlFor="label-version" className="block text-sm font-medium text-slate-700">Version (AVAILABLE everywhere)</label>
            <Select id="label-version" className="w-48" value={version} onChange={(e) => setVersion(e.target.value)}>
              <option value="">Choose…</option>
              {available.map((v) => (
                <option key={v} value={v}>{v}</option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="primary" disabled={busy || !version || !label}>Move label</Button>
        </form>
      ) : null}
    </Card>
  );
}
