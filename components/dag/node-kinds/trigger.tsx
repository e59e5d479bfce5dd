"use client";

import { Alert } from "@/components/ui/alert";
import { Field, Input, Select } from "@/components/ui/field";
import { HookHeadersEditor } from "./hook-headers-editor";
import { defineNodeView, type NodeSettings, type SettingsSectionProps } from "./define-node-view";

export const triggerNodeView = defineNodeView({
  kind: "trigger",
  headerClass: "bg-violet-50 text-violet-800 border-violet-200",
  headerNote: (node) => (node.trigger?.requiresApproval ? "needs reviewer" : null),
  SettingsSection: TriggerSettingsSection,
});

/** The hook a trigger node calls, and whether a reviewer decides on the confirmed version. */
function TriggerSettingsSection({ node, set, hooks, id }: SettingsSectionProps) {
  const trigger = node.trigger;
  const setTrigger = (patch: Partial<NonNullable<NodeSettings["trigger"]>>) => trigger && set({ trigger: { ...trigger, ...patch } });
  if (!trigger) return null;
  return (
    <div className="space-y-3 rounded-md border border-violet-200 bg-violet-50/40 p-3">
      <p className="text-xs font-semibold uppercase tracking-wide text-violet-800">Hook</p>
      {hooks.length === 0 ? <Alert tone="warning">No hook URL is allowed yet. An admin adds them under Admin → Hook allow-list.</Alert> : null}
      <Field label="URL" htmlFor={`${id}-hook`} hint="Only URLs an admin put on the allow-list; credentials in them are shown masked.">
        <Select id={`${id}-hook`} value={trigger.hookUrl} onChange={(e) => setTrigger({ hookUrl: e.target.value })}>
          {!hooks.some((h) => h.url === trigger.hookUrl) ? <option value={trigger.hookUrl}>{trigger.hookUrl || "Choose a URL"}</option> : null}
          {hooks.map((h) => (
            <option key={h.id} value={h.url}>
              {h.url}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid grid-cols-[minmax(7rem,1.2fr)_1fr_1fr] gap-2">
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
      <HookHeadersEditor id={id} headers={trigger.headers ?? {}} onChange={(headers) => setTrigger({ headers })} />
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" className="mt-0.5" checked={trigger.requiresApproval} onChange={(e) => setTrigger({ requiresApproval: e.target.checked })} />
        <span>
          Needs a reviewer
          <span className="block text-xs text-slate-500">The confirmed version goes online only once a reviewer approves it.</span>
        </span>
      </label>
    </div>
  );
}

function toInt(value: string, min: number): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) ? Math.max(min, n) : min;
}
