import type { MoveSummary } from "@/sdk/src/core/solutions/summarize-move";
import { compressBucketRanges } from "@/sdk/src/core/solutions/bucket-ranges";
import { percent } from "./percent";

/** What a new split does to live traffic: how many buckets change solution, from which to which. */
export function MoveSummaryView({ summary, title }: { summary: MoveSummary; title?: string }) {
  if (summary.movedBuckets === 0) return <p className="text-sm text-slate-600">No bucket changes solution.</p>;
  return (
    <div data-testid="move-summary" className="text-sm">
      <p className="font-medium text-slate-900">
        {title ?? "This change moves"} {summary.movedBuckets} {summary.movedBuckets === 1 ? "bucket" : "buckets"} ({percent(summary.movedShare)} of traffic) to
        another solution:
      </p>
      <ul className="mt-1.5 space-y-1">
        {summary.moves.map((move) => (
          <li key={`${move.from}->${move.to}`} className="text-slate-700">
            <span className="font-mono font-semibold">{move.from ?? "no solution"}</span> <span aria-label="to">→</span>{" "}
            <span className="font-mono font-semibold">{move.to ?? "no solution"}</span>: {move.buckets.length === 1 ? "bucket" : "buckets"}{" "}
            {compressBucketRanges(move.buckets)} ({percent(move.share)})
          </li>
        ))}
      </ul>
    </div>
  );
}
