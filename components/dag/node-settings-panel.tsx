"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { DagNodeKeySchema } from "@/server/contracts/dag";
import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import { nodeView, type NodeSettings } from "./node-kinds";

/** Side-panel form of one node's settings; every change goes straight into the canvas (saved with Save). */
export function NodeSettingsPanel({
  node,
  hooks,
  readOnly,
  onChange,
  onDelete,
}: {
  node: NodeSettings;
  hooks: HookEndpoint[];
  readOnly: boolean;
  onChange: (next: NodeSettings) => void;
  onDelete: () => void;
}) {
  const id = useId();
  const keyError = DagNodeKeySchema.safeParse(node.key).error?.issues[0]?.message;
  const set = (patch: Partial<NodeSettings>) => onChange({ ...node, ...patch });
  // The kind's own settings (a trigger's hook, an output's writes): components/dag/node-kinds.
  const SettingsSection = nodeView(node.kind).SettingsSection;

  return (
    <fieldset disabled={readOnly} className="space-y-3" aria-label={`Settings of ${node.key}`}>
      <Field label="Key" htmlFor={`${id}-key`} error={keyError} hint="The name scoring services see, e.g. favpush_vec_v2.">
        <Input id={`${id}-key`} value={node.key} invalid={!!keyError} onChange={(e) => set({ key: e.target.value })} className="font-mono" />
      </Field>
      <Field label="Description" htmlFor={`${id}-desc`}>
        <Textarea id={`${id}-desc`} rows={2} value={node.description ?? ""} onChange={(e) => set({ description: e.target.value || undefined })} />
      </Field>

      {SettingsSection ? <SettingsSection node={node} set={set} hooks={hooks} id={id} /> : null}

      <div className="grid grid-cols-2 gap-2">
        <Field label="Stale after, h" htmlFor={`${id}-stale`} hint="Alert when the version has not moved for longer.">
          <Input id={`${id}-stale`} type="number" min={0} step="any" value={hours(node.staleAfterSeconds)} onChange={(e) => set({ staleAfterSeconds: seconds(e.target.value) })} />
        </Field>
        <Field label="Expires after, h" htmlFor={`${id}-expires`} hint="Alert when a version gets close to this age.">
          <Input id={`${id}-expires`} type="number" min={0} step="any" value={hours(node.expiresAfterSeconds)} onChange={(e) => set({ expiresAfterSeconds: seconds(e.target.value) })} />
        </Field>
      </div>
      {!readOnly ? (
        <Button variant="danger" size="sm" onClick={onDelete}>
          Delete node
        </Button>
      ) : null}
    </fieldset>
  );
}

// Four decimals: a limit of a few seconds (0.0003 h) shows as itself, not as 0.
function hours(s: number | undefined): string {
  return s === undefined ? "" : String(Math.round((s / 3600) * 10_000) / 10_000);
}

function seconds(value: string): number | undefined {
  const h = Number(value);
  return value.trim() === "" || !Number.isFinite(h) || h <= 0 ? undefined : Math.max(1, Math.round(h * 3600));
}
