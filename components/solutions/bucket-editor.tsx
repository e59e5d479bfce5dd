"use client";

import { useMemo, useState, type FormEvent } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { cx } from "@/components/ui/cx";
import type { SolutionsDraft } from "@/server/contracts/solution-drafts";
import { describeBuckets } from "@/sdk/src/core/solutions/bucket-ranges";
import { compareSolutions } from "@/sdk/src/core/solutions/compare-solutions";
import { summarizeMove } from "@/sdk/src/core/solutions/summarize-move";
import { BucketGrid } from "./bucket-grid";
import { parseBucketText } from "./bucket-text";
import { ComparisonView } from "./comparison-view";
import { MoveSummaryView } from "./move-summary";
import { ShareBar } from "./share-bar";
import type { SolutionColor } from "./solution-colors";
import { assignBucketList, assignRange, bucketsBySolution, sameOwners, singleOwners, splitProblems, type Owners } from "./split-model";
import { useAdoptDraft, useSaveSplit } from "./use-solutions";

/** Unsaved edits of the split, and the draft version they started from. */
export interface SplitEdit {
  baseVersion: number;
  owners: Owners;
}

export interface BucketEditorProps {
  draft: SolutionsDraft;
  saved: Owners;
  /** What the grid shows: the edit, or the saved split. */
  owners: Owners;
  edit: SplitEdit | null;
  setEdit: (edit: SplitEdit | null) => void;
  colors: ReadonlyMap<string, SolutionColor>;
  canEdit: boolean;
}

export function BucketEditor({ draft, saved, owners, edit, setEdit, colors, canEdit }: BucketEditorProps) {
  const app = draft.app.name;
  const names = draft.solutions.map((s) => s.name);
  // undefined: the first solution, until the person picks one (null: "No solution").
  const [paint, setPaint] = useState<string | null | undefined>(undefined);
  const [rangeText, setRangeText] = useState("");
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ mine: SolutionsDraft; theirs: SolutionsDraft } | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const save = useSaveSplit(app);
  const adopt = useAdoptDraft(app);

  const paintName = paint === null ? null : paint !== undefined && names.includes(paint) ? paint : (names[0] ?? null);
  const paintLabel = paintName ?? "no solution";
  const dirty = edit !== null && !sameOwners(edit.owners, saved);
  const problems = useMemo(() => splitProblems(owners), [owners]);
  const outOfRange = draft.split.outOfRange;
  const moves = useMemo(
    () => (dirty ? summarizeMove({ bucketCount: owners.length, before: singleOwners(saved), after: singleOwners(owners) }) : null),
    [dirty, owners, saved],
  );
  const valid = problems.gaps.length === 0 && problems.overlaps.length === 0;

  function change(next: Owners) {
    setSavedNote(null);
    setError(null);
    setEdit({ baseVersion: edit?.baseVersion ?? draft.version, owners: next });
  }

  function assignTyped(e: FormEvent) {
    e.preventDefault();
    const parsed = parseBucketText(rangeText, owners.length);
    if ("error" in parsed) return setRangeError(parsed.error);
    if (parsed.buckets.length === 0) return setRangeError("Type buckets such as 3-4 or 0, 5, 7");
    setRangeError(null);
    change(assignBucketList(owners, parsed.buckets, paintName));
  }

  async function onSave() {
    if (!edit) return;
    setError(null);
    try {
      const next = await save.mutateAsync({ version: edit.baseVersion, buckets: bucketsBySolution(edit.owners, names) });
      setEdit(null);
      setConflict(null);
      setSavedNote(`Split saved (draft version ${next.version}). Request a publish below to send it to scoring.`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const theirs = (err.details as { current: SolutionsDraft }).current;
        setConflict({ mine: draft, theirs });
        adopt(theirs);
      } else {
        setError(err instanceof Error ? err.message : "Not saved.");
      }
    }
  }

  if (names.length === 0) {
    return (
      <Card title="Bucket split">
        <p className="text-sm text-slate-600">Add a solution first: every one of the {draft.app.bucketCount} buckets must belong to exactly one solution.</p>
      </Card>
    );
  }

  return (
    <Card
      title="Bucket split"
      actions={<span className="text-xs text-slate-500">{draft.app.bucketCount} buckets · hash key {draft.app.hashKey} · salt {draft.app.salt}</span>}
    >
      <div className="space-y-5">
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-2" role="radiogroup" aria-label="Assign buckets to">
            <span className="mr-1 text-sm font-medium text-slate-700">Assign to</span>
            {names.map((name, i) => (
              <PaintChoice key={name} label={name} hint={i < 9 ? String(i + 1) : undefined} color={colors.get(name)} checked={paintName === name} onSelect={() => setPaint(name)} />
            ))}
            <PaintChoice label="No solution" checked={paintName === null} onSelect={() => setPaint(null)} />
            <span className="ml-auto text-xs text-slate-500">Click a bucket, shift-click or drag for a range; or focus the grid: arrows, Space, Shift+Space.</span>
          </div>
        ) : null}

        <div
          onKeyDown={(e) => {
            // Digits pick the solution to assign, so keyboard users never leave the grid.
            const index = Number(e.key) - 1;
            if (canEdit && Number.isInteger(index) && index >= 0 && index < Math.min(9, names.length)) setPaint(names[index]!);
          }}
        >
          <BucketGrid owners={owners} saved={saved} colors={colors} paintLabel={paintLabel} disabled={!canEdit} onAssign={(from, to) => change(assignRange(owners, from, to, paintName))} />
        </div>

        {canEdit ? (
          <form onSubmit={assignTyped} className="flex flex-wrap items-start gap-2" noValidate>
            <label htmlFor="assign-buckets" className="pt-1.5 text-sm font-medium text-slate-700">
              Buckets
            </label>
            <div className="w-56">
              <Input id="assign-buckets" value={rangeText} placeholder="e.g. 3-4, 7" invalid={!!rangeError} onChange={(e) => setRangeText(e.target.value)} />
              {rangeError ? (
                <p role="alert" className="mt-1 text-xs text-red-700">
                  {rangeError}
                </p>
              ) : null}
            </div>
            <Button type="submit">Assign to {paintLabel}</Button>
          </form>
        ) : null}

        <ShareBar owners={owners} saved={saved} names={names} colors={colors} />

        <SplitProblems gaps={problems.gaps} overlaps={problems.overlaps} outOfRange={outOfRange} />

        {conflict ? (
          <Alert tone="warning" title={`Not saved: ${conflict.theirs.updatedBy ?? "someone"} changed the solutions while you were editing (now version ${conflict.theirs.version}).`}>
            <p className="mb-2">Their change, against the version you started from:</p>
            <ComparisonView
              comparison={compareSolutions(draft.app.bucketCount, conflict.mine.solutions, conflict.theirs.solutions)}
              beforeLabel="Before"
              afterLabel="Theirs (saved)"
            />
            <p className="mt-2">Your split is still on the grid; the move summary below is now against their saved split.</p>
            <div className="mt-3 flex gap-2">
              <Button
                size="sm"
                onClick={() => {
                  setEdit(null);
                  setConflict(null);
                }}
              >
                Discard mine, show theirs
              </Button>
              <Button
                size="sm"
                variant="primary"
                onClick={() => {
                  if (edit) setEdit({ ...edit, baseVersion: conflict.theirs.version });
                  setConflict(null);
                }}
              >
                Keep mine (save again to overwrite)
              </Button>
            </div>
          </Alert>
        ) : null}
        {error ? <Alert tone="error" title="Split not saved">{error}</Alert> : null}
        {savedNote ? <Alert tone="success">{savedNote}</Alert> : null}

        {dirty && moves ? (
          <div className="rounded-md border border-indigo-200 bg-indigo-50/60 px-4 py-3">
            <MoveSummaryView summary={moves} title="Saving moves" />
          </div>
        ) : null}

        {canEdit ? (
          <div className="flex items-center gap-3">
            <Button variant="primary" disabled={!dirty || !valid || save.isPending || conflict !== null} onClick={onSave}>
              {save.isPending ? "Saving…" : "Save split"}
            </Button>
            <Button variant="ghost" disabled={!edit} onClick={() => setEdit(null)}>
              Discard changes
            </Button>
            {dirty && !valid ? <span className="text-sm text-red-700">Fix the gaps and overlaps to save.</span> : null}
            {!dirty ? <span className="text-sm text-slate-500">No unsaved changes.</span> : null}
          </div>
        ) : (
          <p className="text-sm text-slate-500">You can view the split; editors change it.</p>
        )}
      </div>
    </Card>
  );
}

function PaintChoice({ label, hint, color, checked, onSelect }: { label: string; hint?: string; color?: SolutionColor; checked: boolean; onSelect: () => void }) {
  return (
    <button
      type="button"
      role="radio"
      aria-checked={checked}
      onClick={onSelect}
      className={cx(
        "inline-flex h-8 items-center gap-2 rounded-md border px-2.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500",
        checked ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
      )}
    >
      <span
        aria-hidden
        className="inline-block h-3.5 w-3.5 rounded-sm ring-1 ring-white/60"
        style={color ? { backgroundColor: color.fill } : { backgroundImage: "repeating-linear-gradient(135deg, #f87171 0 2px, #fee2e2 2px 4px)" }}
      />
      {label}
      {hint ? <kbd className={cx("rounded px-1 font-mono text-[10px]", checked ? "bg-white/20" : "bg-slate-100 text-slate-500")}>{hint}</kbd> : null}
    </button>
  );
}

function SplitProblems({
  gaps,
  overlaps,
  outOfRange,
}: {
  gaps: number[];
  overlaps: { bucket: number; solutions: string[] }[];
  outOfRange: { bucket: number; solution: string }[];
}) {
  if (gaps.length + overlaps.length + outOfRange.length === 0) {
    return <p className="text-sm text-emerald-700" data-testid="split-ok">✓ Every bucket belongs to exactly one solution.</p>;
  }
  const byOwners = new Map<string, number[]>();
  for (const o of overlaps) byOwners.set(o.solutions.join(" and "), [...(byOwners.get(o.solutions.join(" and ")) ?? []), o.bucket]);
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="split-problems">
      <p className="font-semibold">This split cannot be saved or published yet:</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {gaps.length ? <li>Gaps: {describeBuckets(gaps)} belong to no solution.</li> : null}
        {[...byOwners].map(([owners, buckets]) => (
          <li key={owners}>
            Overlaps: {describeBuckets(buckets)} belong to several solutions ({owners}).
          </li>
        ))}
        {outOfRange.length ? (
          <li>
            Outside the app&apos;s buckets: {outOfRange.map((o) => `${o.bucket} (${o.solution})`).join(", ")}; saving the split drops them.
          </li>
        ) : null}
      </ul>
      <p className="mt-1 text-xs">Gaps are dashed red cells; overlaps are striped with a red border. Assign them to one solution.</p>
    </div>
  );
}
