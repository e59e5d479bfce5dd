"use client";

import { Card } from "@/components/ui/card";
import { Loading } from "@/components/ui/loading";
import { useModelVersionUsedBy } from "@/components/used-by/use-used-by";
import { UsesList } from "@/components/used-by/uses-list";

function VersionUsedBy({ model, version }: { model: string; version: number }) {
  const { data, error, isLoading } = useModelVersionUsedBy(model, version);
  return (
    <section aria-labelledby={`used-by-${version}`} data-testid={`used-by-${version}`} className="border-t border-slate-100 pt-3 first:border-t-0 first:pt-0">
      <h3 id={`used-by-${version}`} className="font-mono text-sm font-semibold text-slate-900">
        Version {version}
        {data?.labels.length ? <span className="ml-2 font-sans text-xs font-normal text-slate-500">label {data.labels.join(", ")}</span> : null}
      </h3>
      <div className="mt-2">
        {isLoading ? <Loading /> : null}
        {error ? <p className="text-sm text-red-700">{error.message}</p> : null}
        {data ? <UsesList uses={data.uses} label={`Used by version ${version}`} empty="No solution uses it: live, draft or pending." /> : null}
      </div>
    </section>
  );
}

/** Per version: the apps, solutions and releases that score with it (live, draft, pending requests). */
export function UsedByCard({ model, versions }: { model: string; versions: number[] }) {
  return (
    <Card title="Used by">
      {versions.length === 0 ? <p className="text-sm text-slate-500">No version to show.</p> : null}
      <div className="space-y-3">
        {versions.map((v) => (
          <VersionUsedBy key={v} model={model} version={v} />
        ))}
      </div>
    </Card>
  );
}
