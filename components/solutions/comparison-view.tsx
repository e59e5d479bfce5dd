import { Badge } from "@/components/ui/badge";
import type { SolutionsComparison } from "@/server/contracts/solution-drafts";
import { compressBucketRanges } from "@/sdk/src/core/solutions/bucket-ranges";
import { MoveSummaryView } from "./move-summary";

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return value.length ? compressBucketRanges(value as number[]) : "none";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Solution by solution, how one side differs from the other (sdk/src/core/solutions/compare-solutions):
 * what an import would do, what another person changed, or the draft against the last release.
 */
export function ComparisonView({ comparison, beforeLabel, afterLabel }: { comparison: SolutionsComparison; beforeLabel: string; afterLabel: string }) {
  const { diff, moves, orderChanged } = comparison;
  if (!comparison.changes) return <p className="text-sm text-slate-600">No difference: {afterLabel.toLowerCase()} equals {beforeLabel.toLowerCase()}.</p>;
  return (
    <div className="space-y-4" data-testid="comparison">
      {moves ? <MoveSummaryView summary={moves} title="Traffic: moves" /> : null}
      <ul className="space-y-3">
        {diff.added.map((s) => (
          <li key={`added-${s.name}`} className="rounded-md border border-emerald-200 bg-emerald-50/60 px-3 py-2 text-sm">
            <Badge tone="green">added</Badge> <span className="font-mono font-semibold">{s.name}</span>
            <span className="text-slate-600">
              {" "}
              — model {s.model.name} {s.model.version}, fg {s.fg.class} {s.fg.version}, {Object.keys(s.features).length} features, buckets {show(s.buckets)}
            </span>
          </li>
        ))}
        {diff.removed.map((s) => (
          <li key={`removed-${s.name}`} className="rounded-md border border-red-200 bg-red-50/60 px-3 py-2 text-sm">
            <Badge tone="red">removed</Badge> <span className="font-mono font-semibold">{s.name}</span>
            <span className="text-slate-600"> — buckets {show(s.buckets)}</span>
          </li>
        ))}
        {diff.changed.map((s) => (
          <li key={`changed-${s.name}`} className="rounded-md border border-amber-200 bg-amber-50/50 px-3 py-2 text-sm">
            <Badge tone="amber">changed</Badge> <span className="font-mono font-semibold">{s.name}</span>
            <table className="mt-2 w-full table-fixed text-left text-xs">
              <thead>
                <tr className="text-slate-500">
                  <th className="w-1/5 py-1 pr-3 font-semibold">Field</th>
                  <th className="py-1 pr-3 font-semibold">{beforeLabel}</th>
                  <th className="py-1 font-semibold">{afterLabel}</th>
                </tr>
              </thead>
              <tbody>
                {s.changes.map((c) => (
                  <tr key={c.field} className="border-t border-amber-200 align-top">
                    <td className="py-1 pr-3 font-mono">{c.field}</td>
                    <td className="break-all py-1 pr-3 font-mono text-red-800">{show(c.before)}</td>
                    <td className="break-all py-1 font-mono text-emerald-800">
                      {show(c.after)}
                      {c.added?.length || c.removed?.length ? (
                        <span className="ml-2 font-sans text-slate-500">
                          {c.added?.length ? `+${compressBucketRanges(c.added)}` : ""} {c.removed?.length ? `−${compressBucketRanges(c.removed)}` : ""}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ul>
      {orderChanged ? <p className="text-xs text-slate-500">The order of the solutions in the document changes too (scoring is not affected).</p> : null}
      {diff.unchanged.length ? <p className="text-xs text-slate-500">Unchanged: {diff.unchanged.join(", ")}</p> : null}
    </div>
  );
}
