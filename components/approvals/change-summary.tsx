"use client";

import { useQuery } from "@/components/query/use-query";
import { useRouter } from "next/navigation";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { percent } from "@/components/solutions/percent";
import { Button } from "@/components/ui/button";
import { api } from "@/server/contracts/api";
import type { ChangeRequestListItem } from "@/server/contracts/approvals";
import type { ChangeSummary } from "@/server/contracts/change-summary";

/** Which requests have a summary: a pending request that makes a release (a publish or rollback). */
export function hasChangeSummary(request: ChangeRequestListItem): boolean {
  return request.state === "pending" && request.kind === "publish";
}

function useChangeSummary(request: ChangeRequestListItem) {
  return useQuery({
    // Under the change requests' key: an edit, re-base or decision invalidates it with the rest.
    queryKey: [...queryKeys.changeRequests.all, "summary", request.id, request.revision, request.newerRelease?.seq ?? 0],
    queryFn: () => call(api.getChangeRequestSummary, { params: { id: request.id } }),
    enabled: hasChangeSummary(request),
  });
}

/**
 * What a pending publish does to live, before the verification report and the key table:
 * traffic per solution, the buckets that move, how many users change solution, model/fg/template
 * changes per solution and version keys; and one click to trial-score a sample under it next to live.
 */
export function ChangeSummaryView({ request }: { request: ChangeRequestListItem }) {
  const summary = useChangeSummary(request);
  const router = useRouter();
  if (!hasChangeSummary(request)) return null;
  const headingId = `summary-${request.id}`;
  const data = summary.data?.summary;
  return (
    <section aria-labelledby={headingId} className="space-y-2 rounded-md border border-indigo-100 bg-white p-4" data-testid="change-summary">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          What it does{data ? <span className="font-normal text-slate-500"> {data.live ? `· against live, release #${data.live.seq}` : "· the app's first release"}</span> : null}
        </h3>
        <Button size="sm" onClick={() => router.push(`/trial?changeRequest=${encodeURIComponent(request.id)}`)}>
          Trial-score against live
        </Button>
      </div>
      {summary.isLoading ? <p className="text-sm text-slate-500">Working out what it changes…</p> : null}
      {summary.error ? <p className="text-sm text-red-700">Could not work out what it changes: {summary.error.message}</p> : null}
      {summary.data && !data ? <p className="text-sm text-slate-600">{summary.data.reason}</p> : null}
      {data ? <SummaryLines summary={data} /> : null}
    </section>
  );
}

function SummaryLines({ summary }: { summary: ChangeSummary }) {
  if (summary.nothingChanges) return <p className="text-sm text-slate-700" data-testid="summary-line">Nothing changes for scoring services: live already holds this content.</p>;
  const share = (value: number | null) => (value === null ? "—" : percent(value));
  const changedTraffic = summary.traffic.filter((t) => t.before !== t.after);
  const redrawn = summary.settings.some((s) => s.setting !== "bucket_count");
  return (
    <ul className="space-y-1 text-sm text-slate-800">
      {changedTraffic.length > 0 ? (
        <li data-testid="summary-line">
          <span className="font-medium">Traffic: </span>
          {changedTraffic.map((t, i) => (
            <span key={t.solution}>
              {i > 0 ? "; " : ""}
              <span className="font-mono">{t.solution}</span> {share(t.before)} → {share(t.after)}
            </span>
          ))}
        </li>
      ) : null}
      {summary.moves.map((move) => (
        <li key={`${move.from}->${move.to}`} data-testid="summary-line" className="font-mono text-[13px]">{move.text}</li>
      ))}
      <li data-testid="summary-line" className={redrawn ? "font-medium text-amber-800" : undefined}>{summary.usersMoving.text}</li>
      {summary.settings.map((s) => (
        <li key={s.setting} data-testid="summary-line">
          <span className="font-medium">{s.setting.replace("_", " ")}: </span>
          <span className="font-mono">{String(s.before)} → {String(s.after)}</span>
        </li>
      ))}
      {summary.solutions.map((line) => (
        <li key={line.solution} data-testid="summary-line" className="font-mono text-[13px]">{line.text}</li>
      ))}
      {summary.versions.length > 0 ? (
        <li data-testid="summary-line">
          <span className="font-medium">Version keys: </span>
          {summary.versions.map((v, i) => (
            <span key={v.key} className="font-mono text-[13px]">
              {i > 0 ? "; " : ""}
              {v.key} {v.before ?? "(none)"} → {v.after ?? "(removed)"}
            </span>
          ))}
        </li>
      ) : null}
    </ul>
  );
}
