"use client";

import { useId, useMemo, useState } from "react";
import { cx } from "@/components/ui/cx";
import { formatLeaf, type ContentDiff, type ContentLike } from "@/sdk/src/core/releases/release-diff";
import { diffRows, displayPath, rowsOfDiff, type DiffRow } from "@/sdk/src/core/releases/diff-rows";

type Source = { before: ContentLike | null; after: ContentLike } | { diff: ContentDiff };

export type DiffViewProps = Source & {
  /** Column titles, e.g. "Release #3" / "Release #4", or "Published" / "Draft". */
  beforeLabel?: string;
  afterLabel?: string;
  /** Start with every key shown (default: only the changed ones). Not offered for a stored diff. */
  showAllInitially?: boolean;
  /** Said when nothing differs. */
  emptyText?: string;
};

const KIND_LABEL: Record<DiffRow["kind"], string> = { same: "", added: "added", removed: "removed", changed: "changed" };

/**
 * Side-by-side view of two release contents (solutions document + versions), one row per key,
 * changed keys highlighted. Reusable wherever content is compared: releases, change requests,
 * a solutions draft against what is published.
 */
export function DiffView(props: DiffViewProps) {
  const full = "before" in props;
  const [showAll, setShowAll] = useState(Boolean(props.showAllInitially));
  const toggleId = useId();
  const rows = useMemo(() => ("before" in props ? diffRows(props.before, props.after) : rowsOfDiff(props.diff)), [props]);
  const changed = rows.filter((r) => r.kind !== "same");
  const shown = full && showAll ? rows : changed;
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const row of changed) counts[row.kind as keyof typeof counts] += 1;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <p aria-live="polite">
          {changed.length === 0 ? (
            (props.emptyText ?? "No differences.")
          ) : (
            <>
              <span className="font-medium text-slate-800">{changed.length} changed {changed.length === 1 ? "key" : "keys"}</span>
              {counts.changed ? <span className="ml-2 text-amber-700">{counts.changed} changed</span> : null}
              {counts.added ? <span className="ml-2 text-emerald-700">{counts.added} added</span> : null}
              {counts.removed ? <span className="ml-2 text-red-700">{counts.removed} removed</span> : null}
            </>
          )}
        </p>
        {full ? (
          <label htmlFor={toggleId} className="inline-flex cursor-pointer items-center gap-1.5">
            <input id={toggleId} type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} className="h-3.5 w-3.5 accent-indigo-600" />
            Show unchanged keys too
          </label>
        ) : null}
      </div>
      {shown.length > 0 ? (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <table className="w-full table-fixed border-collapse font-mono text-xs" aria-label="Differences, side by side">
            <colgroup>
              <col className="w-[28%]" />
              <col className="w-[36%]" />
              <col className="w-[36%]" />
            </colgroup>
            <thead>
              <tr className="bg-slate-50 text-left font-sans text-[11px] font-semibold uppercase tracking-wide text-slate-500">
                <th scope="col" className="px-3 py-2">Key</th>
                <th scope="col" className="border-l border-slate-200 px-3 py-2">{props.beforeLabel ?? "Before"}</th>
                <th scope="col" className="border-l border-slate-200 px-3 py-2">{props.afterLabel ?? "After"}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.path} data-kind={row.kind} className={cx("border-t border-slate-100 align-top", row.kind === "same" ? "text-slate-500" : "text-slate-800")}>
                  <th scope="row" className={cx("px-3 py-1.5 text-left font-normal break-all", row.kind !== "same" && "font-medium")}>
                    {displayPath(row.path)}
                    {row.kind !== "same" ? <span className="sr-only"> ({KIND_LABEL[row.kind]})</span> : null}
                  </th>
                  <td className={cx("border-l border-slate-200 px-3 py-1.5 break-all whitespace-pre-wrap", (row.kind === "changed" || row.kind === "removed") && "bg-red-50 text-red-900")}>
                    {row.kind === "added" ? <span className="text-slate-400">—</span> : formatLeaf(row.before)}
                  </td>
                  <td className={cx("border-l border-slate-200 px-3 py-1.5 break-all whitespace-pre-wrap", (row.kind === "changed" || row.kind === "added") && "bg-emerald-50 text-emerald-900")}>
                    {row.kind === "removed" ? <span className="text-slate-400">—</span> : formatLeaf(row.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
