import type { TraceStep } from "@/server/contracts/scoring";
import { cx } from "@/components/ui/cx";

const LABELS: Record<string, string> = {
  config: "Config",
  bucket: "Bucket",
  solution: "Solution",
  features: "Feature queries",
  featureMap: "featureMap",
  fg: "fg → TensorIO",
  predict: "Predict (TF Serving)",
};

/** Each stage as a bar whose length is its share of the total time; a failed stage in red with its reason. */
export function TraceTimeline({ steps }: { steps: TraceStep[] }) {
  const total = Math.max(steps.reduce((s, x) => s + x.ms, 0), 0.001);
  return (
    <ol className="space-y-1.5" aria-label="Trace">
      {steps.map((s) => (
        <li key={s.stage} data-testid={`trace-${s.stage}`} data-ok={s.ok} className="grid grid-cols-[10rem_1fr_5rem] items-center gap-3 text-xs">
          <span className={cx("font-medium", s.ok ? "text-slate-700" : "text-red-700")}>
            {s.ok ? "✓" : "✗"} {LABELS[s.stage] ?? s.stage}
          </span>
          <span className="h-3 rounded bg-slate-100">
            <span className={cx("block h-3 rounded", s.ok ? "bg-indigo-500" : "bg-red-500")} style={{ width: `${Math.max(1, (s.ms / total) * 100)}%` }} />
          </span>
          <span className="text-right tabular-nums text-slate-500">{s.ms < 1 ? `${(s.ms * 1000).toFixed(0)} µs` : `${s.ms.toFixed(1)} ms`}</span>
          {s.error ? <span className="col-span-3 rounded bg-red-50 px-2 py-1 text-red-800" role="alert">{s.error.message}</span> : null}
        </li>
      ))}
    </ol>
  );
}
