"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { DagNodeKeySchema, OUTPUT_WRITES, OutputSettingsSchema, outputWritesOf, type OutputWrites } from "@/server/contracts/dag";
import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import type { DagNodeData } from "./dag-flow-model";

type NodeSettings = DagNodeData["node"];

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
  const trigger = node.trigger;
  const setTrigger = (patch: Partial<NonNullable<NodeSettings["trigger"]>>) => trigger && set({ trigger: { ...trigger, ...patch } });
  const [headersText, setHeadersText] = useState(() => formatHeaders(trigger?.headers ?? {}));
  // The stored setting may be the legacy "versions": shown (and saved) as what it means.
  const writes = outputWritesOf(node.output);
  const writesError = node.kind === "output" ? OutputSettingsSchema.safeParse(node.output ?? { writes }).error?.issues[0]?.message : undefined;

  return (
    <fieldset disabled={readOnly} className="space-y-3" aria-label={`Settings of ${node.key}`}>
      <Field label="Key" htmlFor={`${id}-key`} error={keyError} hint="The name scoring services see, e.g. favpush_vec_v2.">
        <Input id={`${id}-key`} value={node.key} invalid={!!keyError} onChange={(e) => set({ key: e.target.value })} className="font-mono" />
      </Field>
      <Field label="Description" htmlFor={`${id}-desc`}>
        <Textarea id={`${id}-desc`} rows={2} value={node.description ?? ""} onChange={(e) => set({ description: e.target.value || undefined })} />
      </Field>

      {trigger ? (
        <div className="space-y-3 rounded-md border border-violet-200 bg-violet-50/40 p-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-violet-800">Hook</p>
          {hooks.length === 0 ? <Alert tone="warning">No hook URL is allowed yet. An admin adds them under Admin → Hook allow-list.</Alert> : null}
          <Field label="URL" htmlFor={`${id}-hook`} hint="Only URLs an admin put on the allow-list.">
            <Select id={`${id}-hook`} value={trigger.hookUrl} onChange={(e) => setTrigger({ hookUrl: e.target.value })}>
              {!hooks.some((h) => h.url === trigger.hookUrl) ? <option value={trigger.hookUrl}>{trigger.hookUrl || "Choose a URL"}</option> : null}
              {hooks.map((h) => (
                <option key={h.id} value={h.url}>
                  {h.url}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid grid-cols-[6rem_1fr_1fr] gap-2">
            <Field label="Method" htmlFor={`${id}-method`}>
              <Select id={`${id}-method`} value={trigger.method} onChange={(e) => setTrigger({ method: e.target.value as "POST" | "PUT" })}>
                <option>POST</option>
                <option>PUT</option>
              </Select>
            </Field>
            <Field label="Timeout, s" htmlFor={`${id}-timeout`}>
              <Input id={`${id}-timeout`} type="number" min={1} max={3600} value={trigger.timeoutSeconds} onChange={(e) => setTrigger({ timeoutSeconds: toInt(e.target.value, 1) })} />
            </Field>
            <Field label="Retries" htmlFor={`${id}-retries`}>
              <Input id={`${id}-retries`} type="number" min={0} max={20} value={trigger.retries} onChange={(e) => setTrigger({ retries: toInt(e.target.value, 0) })} />
            </Field>
          </div>
          <Field label="Headers" htmlFor={`${id}-headers`} hint="One per line: Name: value. Sent with every call of this hook.">
            <Textarea
              id={`${id}-headers`}
              rows={2}
              className="font-mono text-xs"
              value={headersText}
              onChange={(e) => {
                setHeadersText(e.target.value);
                setTrigger({ headers: parseHeaders(e.target.value) });
              }}
            />
          </Field>
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input type="checkbox" className="mt-0.5" checked={trigger.requiresApproval} onChange={(e) => setTrigger({ requiresApproval: e.target.checked })} />
            <span>
              Needs a reviewer
              <span className="block text-xs text-slate-500">The confirmed version goes online only once a reviewer approves it.</span>
            </span>
          </label>
        </div>
      ) : null}

      {node.kind === "output" ? (
        <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50/40 p-3 text-sm text-slate-700">
          <p className="text-xs font-semibold uppercase tracking-wide text-emerald-800">Writes to the config center</p>
          <Field label="What it writes" htmlFor={`${id}-writes`} error={writesError} hint="One release per change of its inputs.">
            <Select id={`${id}-writes`} value={writes} invalid={!!writesError} onChange={(e) => set({ output: { writes: e.target.value as OutputWrites } })}>
              {OUTPUT_WRITES.map((w) => (
                <option key={w} value={w}>
                  {WRITES_LABEL[w]}
                </option>
              ))}
            </Select>
          </Field>
          <p data-testid="output-writes">
            {writes !== "predecessor_keys" ? (
              <>
                <span className="font-mono">{node.key}</span> = the newest online version of its inputs; solutions read it as{" "}
                <span className="font-mono">{`{version:${node.key}}`}</span>.{" "}
              </>
            ) : null}
            {writes !== "own_key" ? <>Each input&apos;s key = that input&apos;s online version.</> : null}
          </p>
        </div>
      ) : null}

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

const WRITES_LABEL: Record<OutputWrites, string> = {
  // Short enough for the side panel's select; the line under it spells out what is written.
  own_key: "Its own key",
  predecessor_keys: "Its inputs' keys",
  both: "Both",
};

function toInt(value: string, min: number): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.max(min, n) : min;
}

// Four decimals: a limit of a few seconds (0.0003 h) shows as itself, not as 0.
function hours(s: number | undefined): string {
  return s === undefined ? "" : String(Math.round((s / 3600) * 10_000) / 10_000);
}

function seconds(value: string): number | undefined {
  const h = Number(value);
  return value.trim() === "" || !Number.isFinite(h) || h <= 0 ? undefined : Math.max(1, Math.round(h * 3600));
}

function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}
