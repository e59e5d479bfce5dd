"use client";

import { Card } from "@/components/ui/card";
import { Loading } from "@/components/ui/loading";
import { useFeatureTableUsedBy, useFgVersionUsedBy } from "./use-used-by";
import { UsesList } from "./uses-list";

/** The solutions that run an fg version: live, draft, pending requests. */
export function FgVersionUsedByCard({ fgClass, version }: { fgClass: string; version: string }) {
  const { data, error, isLoading } = useFgVersionUsedBy(fgClass, version);
  return (
    <Card title="Used by">
      {isLoading ? <Loading /> : null}
      {error ? <p className="text-sm text-red-700">{error.message}</p> : null}
      {data ? <UsesList uses={data.uses} label={`Used by ${fgClass}@${version}`} empty="No solution runs this version: live, draft or pending." /> : null}
    </Card>
  );
}

/** The feature templates that read a table, per solution: live, draft, pending requests. */
export function FeatureTableUsedByCard({ table }: { table: string }) {
  const { data, error, isLoading } = useFeatureTableUsedBy(table);
  return (
    <Card title="Read by templates">
      {isLoading ? <Loading /> : null}
      {error ? <p className="text-sm text-red-700">{error.message}</p> : null}
      {data ? <UsesList uses={data.uses} label={`Templates reading ${table}`} empty="No feature template reads this table: live, draft or pending." /> : null}
    </Card>
  );
}
