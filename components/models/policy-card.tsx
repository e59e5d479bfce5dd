"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { sameValues, useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import type { ModelOperationRequest, VersionPolicy } from "@/server/contracts/models";
import { policySummary } from "./policy-summary";

export function PolicyCard({ policy, canEdit, busy, run }: { policy: VersionPolicy; canEdit: boolean; busy: boolean; run: (req: ModelOperationRequest) => void }) {
  const [kind, setKind] = useState<VersionPolicy["kind"]>(policy.kind);
  const [versions, setVersions] = useState(policy.kind === "specific" ? policy.versions.join(", ") : "");
  const [n, setN] = useState(policy.kind === "latest" ? String(policy.numVersions) : "2");
  // Against the policy as loaded (only the field its kind uses): once an applied policy comes back, the form is clean again.
  const current = { kind, versions: kind === "specific" ? versions : "", n: kind === "latest" ? n : "" };
  const loaded = { kind: policy.kind, versions: policy.kind === "specific" ? policy.versions.join(", ") : "", n: policy.kind === "latest" ? String(policy.numVersions) : "" };
  useUnsavedChanges(canEdit && !sameValues(current, loaded));
  const parsed = versions.split(/[\s,]+/).filter(Boolean).map(Number);
  const valid = kind !== "specific" ? kind !== "latest" || /^\d+$/.test(n) : parsed.every((v) => Number.isInteger(v) && v > 0);

  function apply(e: FormEvent) {
    e.preventDefault();
    const next: VersionPolicy = kind === "specific" ? { kind, versions: parsed } : kind === "latest" ? { kind, numVersions: Number(n) } : { kind: "all" };
    run({ kind: "apply", policy: next });
  }

  return (
    <Card title="Version policy">
      <p className="text-sm text-slate-600">Now: <span className="font-mono">{policySummary(policy)}</span>. Specific versions let the console decide what is loaded; latest N lets the server follow new folders.</p>
      {canEdit ? (
        <form onSubmit={apply} className="mt-3 space-y-3" aria-label="Version policy">
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Policy</legend>
            {(["specific", "latest", "all"] as const).map((k) => (
              <label key={k} className="flex items-center gap-1.5">
                <input type="radio" name="policy-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {k === "specific" ? "Specific versions" : k === "latest" ? "Latest N" : "All"}
              </label>
            ))}
          </fieldset>
          {kind === "specific" ? <Input aria-label="Versions" className="font-mono" placeholder="e.g. 20200115, 20200116" value={versions} onChange={(e) => setVersions(e.target.value)} /> : null}
          {kind === "latest" ? <Input aria-label="Number of versions" className="w-24" inputMode="numeric" value={n} onChange={(e) => setN(e.target.value)} /> : null}
          <Button type="submit" variant="primary" disabled={busy || !valid}>Apply to every instance</Button>
        </form>
      ) : null}
    </Card>
  );
}
