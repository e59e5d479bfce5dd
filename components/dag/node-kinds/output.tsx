"use client";

import { Field, Select } from "@/components/ui/field";
import { OUTPUT_WRITES, OutputSettingsSchema, outputWritesOf, type OutputWrites } from "@/server/contracts/dag";
import { defineNodeView, type SettingsSectionProps } from "./define-node-view";

export const outputNodeView = defineNodeView({
  kind: "output",
  headerClass: "bg-emerald-50 text-emerald-800 border-emerald-200",
  SettingsSection: OutputSettingsSection,
});

/** What an output node writes to the config center, and a line saying it in full. */
function OutputSettingsSection({ node, set, id }: SettingsSectionProps) {
  // The stored setting may be the legacy "versions": shown (and saved) as what it means.
  const writes = outputWritesOf(node.output);
  const writesError = OutputSettingsSchema.safeParse(node.output ?? { writes }).error?.issues[0]?.message;
  return (
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
  );
}

const WRITES_LABEL: Record<OutputWrites, string> = {
  // Short enough for the side panel's select; the line under it spells out what is written.
  own_key: "Its own key",
  predecessor_keys: "Its inputs' keys",
  both: "Both",
};
