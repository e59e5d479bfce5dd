"use client";

import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Loading } from "@/components/ui/loading";
import { originPreview, when } from "./origin-preview";
import { useAddTrialSamples, useRecentTrials } from "./use-samples";

/** The app's latest trial requests with checkboxes: the chosen ones become sample requests. */
export function RecentTrialsPicker({ app, onDone }: { app: string; onDone: (message: string) => void }) {
  const trials = useRecentTrials(app, true);
  const add = useAddTrialSamples(app);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (trials.isLoading) return <Loading label="Loading recent trials…" />;
  if (trials.error) return <Alert tone="error" title="Could not load the recent trials">{trials.error.message}</Alert>;
  const list = trials.data?.trials ?? [];
  return (
    <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4" role="group" aria-label="Recent trials">
      <div className="flex items-baseline justify-between gap-3">
        <h3 className="text-sm font-semibold text-slate-900">Add recent trials</h3>
        <Button size="sm" variant="ghost" onClick={() => void trials.refetch()}>Refresh</Button>
      </div>
      {list.length === 0 ? (
        <p className="text-sm text-slate-600">
          No trials of {app} yet. Score a request on the{" "}
          <Link href="/trial" className="text-indigo-700 hover:underline">Trial page</Link>, then come back to add it.
        </p>
      ) : (
        <fieldset>
          <legend className="sr-only">Choose the trials to add</legend>
          <ul className="max-h-64 divide-y divide-slate-200 overflow-y-auto rounded-md border border-slate-200 bg-white">
            {list.map((t) => (
              <li key={t.id}>
                <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50">
                  <input type="checkbox" className="h-4 w-4 accent-indigo-600" checked={chosen.has(t.id)} onChange={() => toggle(t.id)} />
                  <span className="min-w-0 flex-1 truncate font-mono text-xs text-slate-800" title={JSON.stringify(t.origin)}>{originPreview(t.origin)}</span>
                  <span className="shrink-0 text-xs text-slate-500">{t.by}, {when(t.at)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {add.error ? <Alert tone="error" title="Not added">{add.error instanceof ApiError ? add.error.message : "The console did not answer as expected."}</Alert> : null}
      <div className="flex gap-2">
        <Button
          variant="primary"
          disabled={chosen.size === 0 || add.isPending}
          onClick={() =>
            add.mutate([...chosen], {
              onSuccess: (r) => {
                setChosen(new Set());
                const skipped = r.skipped.length ? ` ${r.skipped.length} skipped: ${r.skipped.map((s) => s.reason).join(" ")}` : "";
                onDone(`Added ${r.added.length} sample request${r.added.length === 1 ? "" : "s"} from recent trials.${skipped}`);
              },
            })
          }
        >
          {add.isPending ? "Adding…" : `Add ${chosen.size || ""} chosen`.replace("  ", " ")}
        </Button>
        <Button onClick={() => onDone("")}>Close</Button>
      </div>
    </div>
  );
}
