"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import type { ModelDetail, ModelOperationRequest } from "@/server/contracts/models";
import { VersionStateBadge } from "./version-state-badge";

export function VersionsCard({ detail, canEdit, busy, run }: { detail: ModelDetail; canEdit: boolean; busy: boolean; run: (req: ModelOperationRequest) => void }) {
  const [newVersion, setNewVersion] = useState("");
  const policy = detail.model?.policy;
  const specific = policy?.kind === "specific";
  const versions = [
    ...new Set([...(specific ? policy.versions : []), ...detail.instances.flatMap((i) => i.versions.map((v) => v.version))]),
  ].sort((a, b) => b - a);
  const labelsOf = (v: number) => Object.entries(detail.model?.labels ?? {}).filter(([, x]) => x === v).map(([l]) => l);

  function load(e: FormEvent) {
    e.preventDefault();
    const v = Number(newVersion);
    if (Number.isInteger(v) && v > 0) run({ kind: "load", version: v });
  }

  return (
    <Card title="Versions on every instance">
      {detail.instances.length === 0 ? <p className="mb-3 text-sm text-amber-700">No instance is registered for this model, so nothing can be loaded.</p> : null}
      {versions.length === 0 ? (
        <p className="text-sm text-slate-500">No version is loaded or listed in the policy.</p>
      ) : (
        <Table caption="Versions">
          <thead>
            <tr>
              <Th>Version</Th>
              {detail.instances.map((i) => (
                <Th key={i.address} className="font-mono normal-case">{i.address}</Th>
              ))}
              <Th>Labels</Th>
              {canEdit ? <Th className="text-right">Actions</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {versions.map((v) => (
              <tr key={v} data-testid={`version-row-${v}`}>
                <Td className="font-mono">{v}{specific && !policy.versions.includes(v) ? <span className="ml-2 text-xs text-slate-400">(not in policy)</span> : null}</Td>
                {detail.instances.map((i) => {
                  const s = i.versions.find((x) => x.version === v);
                  return <Td key={i.address}>{s ? <VersionStateBadge state={s.state} error={s.error} /> : <span className="text-xs text-slate-400">—</span>}</Td>;
                })}
                <Td className="space-x-1 font-mono text-xs">{labelsOf(v).join(", ") || "—"}</Td>
                {canEdit ? (
                  <Td className="space-x-1 text-right whitespace-nowrap">
                    <Button size="sm" disabled={busy} onClick={() => run({ kind: "hotfix", version: v })} title="Unload, then load again: picks up a version folder overwritten in place">
                      Hot-fix reload
                    </Button>
                    {specific && policy.versions.includes(v) ? (
                      <Button size="sm" variant="danger" disabled={busy} onClick={() => run({ kind: "unload", version: v })}>Unload</Button>
                    ) : null}
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canEdit && specific ? (
        <form onSubmit={load} className="mt-4 flex items-end gap-2" aria-label="Load a version">
          <div>
            <label htmlFor="load-version" className="block text-sm font-medium text-slate-700">Load version</label>
            <Input id="load-version" inputMode="numeric" placeholder="e.g. 20200116" className="w-48 font-mono" value={newVersion} onChange={(e) => setNewVersion(e.target.value)} />
          </div>
          <Button type="submit" variant="primary" disabled={busy || !/^\d+$/.test(newVersion)}>Load</Button>
        </form>
      ) : null}
    </Card>
  );
}
