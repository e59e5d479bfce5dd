import { percent } from "./percent";
import type { SolutionColor } from "./solution-colors";
import { bucketCounts, type Owners } from "./split-model";

/** Each solution's share of traffic as a bar, with the saved share beside any that changed. */
export function ShareBar({ owners, saved, names, colors }: { owners: Owners; saved: Owners; names: readonly string[]; colors: ReadonlyMap<string, SolutionColor> }) {
  const total = owners.length;
  const now = bucketCounts(owners);
  const before = bucketCounts(saved);
  const segments = [
    ...names.map((name) => ({ key: name, label: name, count: now.bySolution.get(name) ?? 0, was: before.bySolution.get(name) ?? 0, fill: colors.get(name)?.fill })),
    { key: "gaps", label: "no solution", count: now.gaps, was: before.gaps, fill: undefined },
    { key: "overlaps", label: "overlapping", count: now.overlaps, was: before.overlaps, fill: undefined },
  ].filter((s) => s.key !== "gaps" && s.key !== "overlaps" ? true : s.count > 0 || s.was > 0);
  return (
    <div>
      <div className="flex h-4 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {segments.map((s) =>
          s.count > 0 ? (
            <div
              key={s.key}
              style={{
                width: `${(s.count / total) * 100}%`,
                backgroundColor: s.fill,
                backgroundImage: s.fill ? undefined : "repeating-linear-gradient(135deg, #fca5a5 0 4px, #fee2e2 4px 8px)",
              }}
              className="h-full border-r border-white last:border-r-0"
            />
          ) : null,
        )}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="share-list">
        {segments.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5" data-testid={`share-${s.key}`}>
            <span
              aria-hidden
              className="inline-block h-3 w-3 rounded-sm"
              style={{ backgroundColor: s.fill, backgroundImage: s.fill ? undefined : "repeating-linear-gradient(135deg, #f87171 0 2px, #fee2e2 2px 4px)" }}
            />
            <span className="font-medium text-slate-800">{s.label}</span>
            <span className="tabular-nums text-slate-700">{percent(s.count / total)}</span>
            <span className="text-xs text-slate-500">
              ({s.count} {s.count === 1 ? "bucket" : "buckets"}
              {s.count !== s.was ? `, saved ${percent(s.was / total)}` : ""})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
