"use client";

import { Fragment, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import type { SolutionsDraft } from "@/server/contracts/solution-drafts";
import type { Solution } from "@/server/contracts/solutions";
import { compressBucketRanges } from "@/sdk/src/core/solutions/bucket-ranges";
import { percent } from "./percent";
import { useSolutionsDiff } from "./use-solutions";
import type { SolutionColor } from "./solution-colors";

export interface SolutionRowActions {
  onEdit: (solution: Solution) => void;
  onClone: (solution: Solution, name: string) => Promise<boolean>;
  onDelete: (solution: Solution) => Promise<boolean>;
}

export function SolutionsTable({ draft, colors, canEdit, actions }: { draft: SolutionsDraft; colors: ReadonlyMap<string, SolutionColor>; canEdit: boolean; actions: SolutionRowActions }) {
  return (
    <Table caption={`Solutions of ${draft.app.name}`}>
      <thead>
        <tr>
          <Th>Solution</Th>
          <Th>Model</Th>
          <Th>fg</Th>
          <Th>Features</Th>
          <Th>Buckets</Th>
          {canEdit ? <Th className="text-right">Actions</Th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {draft.solutions.map((s) => (
          <Row key={s.name} solution={s} draft={draft} color={colors.get(s.name)} canEdit={canEdit} actions={actions} />
        ))}
      </tbody>
    </Table>
  );
}

function Row({ solution: s, draft, color, canEdit, actions }: { solution: Solution; draft: SolutionsDraft; color?: SolutionColor; canEdit: boolean; actions: SolutionRowActions }) {
  const [mode, setMode] = useState<"idle" | "clone" | "delete">("idle");
  const [cloneName, setCloneName] = useState("");
  const [busy, setBusy] = useState(false);
  const served = s.buckets.filter((b) => b < draft.app.bucketCount).length;
  const features = Object.keys(s.features).sort();
  // Whether the published release has it: deleting it from the draft takes it out of the next publish.
  const { data: comparison } = useSolutionsDiff(draft.app.name);
  const published = comparison?.published ? comparison.diff.unchanged.includes(s.name) || comparison.diff.changed.some((c) => c.name === s.name) : false;

  async function clone(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    if (await actions.onClone(s, cloneName.trim())) setMode("idle");
    setBusy(false);
  }

  return (
    <tr className="align-top" data-testid={`solution-row-${s.name}`}>
      <Td>
        <span className="inline-flex items-center gap-2 font-mono font-semibold text-slate-900">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: color?.fill }} />
          {s.name}
        </span>
      </Td>
      <Td>
        <div className="font-mono text-xs">{s.model.name}</div>
        <div className="font-mono text-xs text-slate-500">{s.model.version}</div>
      </Td>
      <Td>
        <div className="max-w-[16rem] font-mono text-xs [overflow-wrap:anywhere]">{breakAfterDots(s.fg.class)}</div>
        <div className="font-mono text-xs text-slate-500">{s.fg.version}</div>
      </Td>
      <Td>
        {features.length ? (
          <ul className="space-y-0.5">
            {features.map((f) => (
              <li key={f} className="font-mono text-xs" title={s.features[f]}>
                {f}
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-xs text-slate-400">none</span>
        )}
      </Td>
      <Td>
        <div className="font-mono text-xs">{s.buckets.length ? compressBucketRanges(s.buckets) : "none"}</div>
        <div className="whitespace-nowrap text-xs text-slate-500">{percent(served / draft.app.bucketCount)} of traffic</div>
      </Td>
      {canEdit ? (
        <Td className="text-right">
          {mode === "idle" || mode === "delete" ? (
            // Wraps onto a second line instead of pushing the table wider than a 1024 px screen.
            <div className="flex flex-wrap justify-end gap-1">
              <Button size="sm" onClick={() => actions.onEdit(s)} aria-label={`Edit ${s.name}`}>
                Edit
              </Button>
              <Button
                size="sm"
                aria-label={`Clone ${s.name}`}
                onClick={() => {
                  setCloneName(uniqueCopyName(s.name, draft));
                  setMode("clone");
                }}
              >
                Clone
              </Button>
              <Button size="sm" variant="danger" aria-label={`Delete ${s.name}`} onClick={() => setMode("delete")}>
                Delete
              </Button>
            </div>
          ) : mode === "clone" ? (
            <form onSubmit={clone} className="flex items-center justify-end gap-1">
              <Input aria-label={`Name of the copy of ${s.name}`} className="h-7 w-32 py-0 text-xs" value={cloneName} autoFocus onChange={(e) => setCloneName(e.target.value)} />
              <Button size="sm" type="submit" variant="primary" disabled={busy || !cloneName.trim()}>
                Clone
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setMode("idle")}>
                Cancel
              </Button>
            </form>
          ) : null}
          <ConfirmDialog
            open={mode === "delete"}
            title={`Delete solution ${s.name}?`}
            confirmLabel={`Delete ${s.name}`}
            busy={busy}
            onClose={() => setMode("idle")}
            onConfirm={async () => {
              setBusy(true);
              if (await actions.onDelete(s)) setMode("idle");
              setBusy(false);
            }}
          >
            <p>
              In the draft it serves {s.buckets.length ? <>buckets <span className="font-mono">{compressBucketRanges(s.buckets)}</span> ({percent(served / draft.app.bucketCount)} of traffic)</> : "no bucket"}
              {s.buckets.length ? ": they are left without a solution until you give them to another." : "."}
            </p>
            {published && comparison?.published ? (
              <p>
                It is in the published release #{comparison.published.seq}: live traffic keeps using it until the draft without it is published.
              </p>
            ) : (
              <p>It has not been published.</p>
            )}
          </ConfirmDialog>
        </Td>
      ) : null}
    </tr>
  );
}

/** A qualified class name wraps at its dots (com.xxx.ranking.fg. / DNNFg) rather than inside a word. */
function breakAfterDots(name: string) {
  return name.split(".").map((part, i, parts) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 ? (
        <>
          .<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}

function uniqueCopyName(name: string, draft: SolutionsDraft): string {
  const taken = new Set(draft.solutions.map((s) => s.name));
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${name}_copy` : `${name}_copy${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
