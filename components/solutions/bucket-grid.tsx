"use client";

import { memo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { cx } from "@/components/ui/cx";
import type { SolutionColor } from "./solution-colors";
import type { Owners } from "./split-model";

/** Columns by bucket count: one row for the demo's 10 buckets, a square-ish block for 10,000. */
function columnsFor(bucketCount: number): number {
  if (bucketCount <= 20) return bucketCount;
  if (bucketCount <= 200) return 20;
  if (bucketCount <= 2_000) return 50;
  return 100;
}

export interface BucketGridProps {
  owners: Owners;
  /** The saved split: cells whose owners differ are marked as changed. */
  saved: Owners;
  colors: ReadonlyMap<string, SolutionColor>;
  /** The solution a click, drag or key assigns (null: no solution); named in the instructions. */
  paintLabel: string;
  onAssign: (from: number, to: number) => void;
  disabled?: boolean;
}

/**
 * The app's buckets coloured by solution. Click assigns one bucket, shift-click the range from
 * the last bucket touched, dragging the range under the pointer. By keyboard: arrows move,
 * Space/Enter assigns the focused bucket, Shift+Space/Enter the range from the last one.
 */
export function BucketGrid({ owners, saved, colors, paintLabel, onAssign, disabled }: BucketGridProps) {
  const bucketCount = owners.length;
  const columns = columnsFor(bucketCount);
  // Numbers fit in a cell up to 20 columns; beyond, each row is labelled with its first bucket.
  const showNumbers = columns <= 20;
  const cellHeight = showNumbers ? "h-12" : columns <= 50 ? "h-4" : "h-2.5";
  const rows = Math.ceil(bucketCount / columns);
  const [focus, setFocus] = useState(0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number; pointerId: number } | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const inDrag = (bucket: number) => drag !== null && bucket >= Math.min(drag.from, drag.to) && bucket <= Math.max(drag.from, drag.to);

  function bucketAt(x: number, y: number): number | null {
    const el = document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-bucket]");
    return el && gridRef.current?.contains(el) ? Number(el.dataset.bucket) : null;
  }

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (disabled || e.button !== 0) return;
    const bucket = bucketAt(e.clientX, e.clientY);
    if (bucket === null) return;
    e.preventDefault();
    gridRef.current?.setPointerCapture(e.pointerId);
    const from = e.shiftKey && anchor !== null ? anchor : bucket;
    setDrag({ from, to: bucket, pointerId: e.pointerId });
    setFocus(bucket);
  }

  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const bucket = bucketAt(e.clientX, e.clientY);
    if (bucket !== null && bucket !== drag.to) setDrag({ ...drag, to: bucket });
  }

  function onPointerUp(e: PointerEvent<HTMLDivElement>) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    onAssign(drag.from, drag.to);
    setAnchor(drag.to);
    setFocus(drag.to);
    setDrag(null);
    gridRef.current?.focus();
  }

  function moveFocus(next: number) {
    const clamped = Math.max(0, Math.min(bucketCount - 1, next));
    setFocus(clamped);
    gridRef.current?.querySelector<HTMLElement>(`[data-bucket="${clamped}"]`)?.scrollIntoView({ block: "nearest" });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    if (e.key in moves) {
      e.preventDefault();
      moveFocus(focus + moves[e.key]!);
    } else if (e.key === "Home") {
      e.preventDefault();
      moveFocus(0);
    } else if (e.key === "End") {
      e.preventDefault();
      moveFocus(bucketCount - 1);
    } else if ((e.key === " " || e.key === "Enter") && !disabled) {
      e.preventDefault();
      onAssign(e.shiftKey && anchor !== null ? anchor : focus, focus);
      setAnchor(focus);
    }
  }

  return (
    <div className="flex gap-2">
      {showNumbers ? null : (
        <div aria-hidden className="flex shrink-0 flex-col gap-1 py-1 text-right font-mono text-[10px] leading-none text-slate-500 tabular-nums">
          {Array.from({ length: rows }, (_, row) => (
            <div key={row} className={cx(cellHeight, "flex items-center justify-end")}>
              {columns > 50 && row % 5 !== 0 ? "" : row * columns}
            </div>
          ))}
        </div>
      )}
      <div
        ref={gridRef}
        role="grid"
        aria-label={`Buckets 0-${bucketCount - 1}. Arrows move, Space assigns the bucket to ${paintLabel}, Shift+Space the range from the last bucket.`}
        aria-activedescendant={`bucket-cell-${focus}`}
        aria-disabled={disabled || undefined}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        onKeyDown={onKeyDown}
        data-testid="bucket-grid"
        className={cx(
          "group grid min-w-0 flex-1 touch-none select-none gap-1 rounded-md p-1 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500",
          disabled ? "cursor-default" : "cursor-crosshair",
        )}
        style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
      >
        {owners.map((claimants, bucket) => (
          <Cell
            key={bucket}
            bucket={bucket}
            claimants={claimants}
            changed={!sameClaimants(claimants, saved[bucket])}
            colors={colors}
            focused={bucket === focus}
            selected={inDrag(bucket)}
            showNumber={showNumbers}
            height={cellHeight}
          />
        ))}
      </div>
    </div>
  );
}

function sameClaimants(a: readonly string[], b: readonly string[] | undefined): boolean {
  return !!b && a.length === b.length && a.every((n, i) => n === b[i]);
}

const Cell = memo(function Cell({
  bucket,
  claimants,
  changed,
  colors,
  focused,
  selected,
  showNumber,
  height,
}: {
  bucket: number;
  claimants: readonly string[];
  changed: boolean;
  colors: ReadonlyMap<string, SolutionColor>;
  focused: boolean;
  selected: boolean;
  showNumber: boolean;
  height: string;
}) {
  const gap = claimants.length === 0;
  const overlap = claimants.length > 1;
  const color = claimants.length === 1 ? colors.get(claimants[0]!) : undefined;
  const state = gap ? "no solution (gap)" : overlap ? `several solutions (overlap): ${claimants.join(", ")}` : claimants[0];
  const style = overlap
    ? { backgroundImage: `repeating-linear-gradient(135deg, ${claimants.map((n, i) => `${colors.get(n)?.fill ?? "#94a3b8"} ${i * 6}px ${(i + 1) * 6}px`).join(", ")})` }
    : color
      ? { backgroundColor: color.fill, color: color.text }
      : undefined;
  return (
    <div
      id={`bucket-cell-${bucket}`}
      role="gridcell"
      aria-selected={selected}
      aria-label={`Bucket ${bucket}: ${state}${changed ? ", changed" : ""}`}
      data-bucket={bucket}
      data-owner={claimants.join(",")}
      data-changed={changed || undefined}
      title={`Bucket ${bucket}: ${state}`}
      style={style}
      className={cx(
        "relative flex items-center justify-center rounded text-xs font-semibold tabular-nums",
        height,
        gap && (showNumber ? "border-2 border-dashed border-red-400 bg-red-50 text-red-700" : "border border-red-500 bg-red-100"),
        changed && !showNumber && "ring-1 ring-slate-900 ring-inset",
        overlap && "text-white ring-2 ring-red-600 ring-inset",
        focused && "group-focus-visible:outline-2 group-focus-visible:outline-offset-2 group-focus-visible:outline-slate-900",
        selected && "scale-95 opacity-70 ring-2 ring-slate-900",
      )}
    >
      {showNumber ? <span className={overlap ? "rounded bg-red-700 px-1" : undefined}>{bucket}</span> : null}
      {changed && showNumber ? <span aria-hidden className="absolute top-1 right-1 h-1.5 w-1.5 rounded-full bg-white ring-1 ring-slate-900" /> : null}
    </div>
  );
});
