"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useApps } from "@/components/apps/use-apps";
import { useReleases } from "@/components/releases/use-releases";
import { useSelectedApp } from "@/components/shell/use-selected-app";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import { cx } from "@/components/ui/cx";
import type { LiveView } from "@/server/contracts/telemetry";
import { InstancesTable } from "./instances-table";
import { formatStep, formatWhen } from "./live-series";
import { stepsFor, WINDOW_PRESETS, windowFromParams, type LiveWindowChoice } from "./live-window";
import { SolutionCharts } from "./solution-charts";
import { ChartSkeleton, type ReleaseMark } from "./time-chart";
import { TrafficSplit } from "./traffic-split";
import { useLive } from "./use-live";

/** The Live section: what the selected app's scoring services report, per solution. */
export function LivePage() {
  const [app] = useSelectedApp();
  const apps = useApps();
  if (!app) {
    return (
      <>
        <PageHeader title="Live" />
        {apps.isLoading ? <Loading /> : <EmptyState title="Choose an app">The Live view belongs to an app: pick one in the switcher at the top.</EmptyState>}
      </>
    );
  }
  return <AppLive key={app} app={app} />;
}

function AppLive({ app }: { app: string }) {
  const params = useSearchParams();
  const choice = windowFromParams(params);
  const live = useLive(app, choice);
  const releases = useReleases(app);
  const view = live.data;

  const marks: ReleaseMark[] = [];
  if (view) {
    const [from, to] = [Date.parse(view.from), Date.parse(view.to)];
    for (const r of releases.data?.releases ?? []) {
      const at = r.delivery.deliveredAt ? Date.parse(r.delivery.deliveredAt) : NaN;
      if (at >= from && at <= to) marks.push({ at, label: `#${r.seq}` });
    }
  }

  return (
    <>
      <PageHeader
        title="Live"
        description={
          <>
            What <span className="font-medium text-slate-900">{app}</span>&apos;s scoring services report, per solution: traffic against the configured split, errors, latency, missing features and outputs. Refreshed every 15 s.
          </>
        }
      />
      <WindowPicker choice={choice} view={view} />
      {live.error ? (
        <div className="mb-4">
          <Alert tone="error" title="Could not load the Live view">{live.error.message}</Alert>
        </div>
      ) : null}
      {live.isLoading ? <LiveSkeleton /> : null}
      {view && isEmpty(view) ? (
        <EmptyState title="No scoring service has reported for this app yet">
          Scoring services send what they score once a minute with the SDK&apos;s telemetry reporter and a token of scope <code className="font-mono">telemetry:write</code>.
          How to run one: README, section <span className="font-medium">&ldquo;The scoring service&rdquo;</span> (and &ldquo;Live&rdquo; for demo data).
        </EmptyState>
      ) : null}
      {view && !isEmpty(view) ? (
        <div className={cx("space-y-6", live.isPlaceholderData && "opacity-60")} aria-busy={live.isFetching}>
          <TrafficSplit view={view} />
          <SolutionCharts view={view} releases={marks} />
          <InstancesTable view={view} now={live.dataUpdatedAt} />
        </div>
      ) : null}
    </>
  );
}

const isEmpty = (view: LiveView) => view.instances.length === 0 && view.solutions.every((s) => s.requests === 0);

function WindowPicker({ choice, view }: { choice: LiveWindowChoice; view: LiveView | undefined }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const go = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(change)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    router.replace(`${pathname}?${next.toString()}`);
  };
  const steps = stepsFor(choice);
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3" role="group" aria-label="Window">
      <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {WINDOW_PRESETS.map((p) => {
          const active = choice.kind === "preset" && choice.preset === p.id;
          return (
            <button
              key={p.id}
              type="button"
              aria-pressed={active}
              onClick={() => go({ window: p.id, from: null, to: null, step: null })}
              className={cx("rounded px-2.5 py-1 text-sm", active ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}
            >
              {p.label}
            </button>
          );
        })}
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-600">
        Step
        <select
          aria-label="Step"
          className="rounded border border-slate-300 bg-white py-1 pl-2 pr-8 text-sm"
          value={choice.step ?? ""}
          onChange={(e) => go({ step: e.target.value || null })}
        >
          <option value="">Auto{view && choice.step === null ? ` (${formatStep(view.step)})` : ""}</option>
          {steps.map((s) => (
            <option key={s.seconds} value={s.seconds}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {view ? (
        <span className="text-xs text-slate-500" data-testid="live-window">
          {choice.kind === "fixed" ? "Chosen window: " : ""}
          {formatWhen(view.from)} to {formatWhen(view.to)}
        </span>
      ) : null}
    </div>
  );
}

function LiveSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading the Live view">
      <div className="h-40 animate-pulse rounded-lg border border-slate-200 bg-white" />
      <div className="grid gap-x-8 gap-y-6 rounded-lg border border-slate-200 bg-white p-5 xl:grid-cols-2">
        <ChartSkeleton />
        <ChartSkeleton />
        <ChartSkeleton />
        <ChartSkeleton />
      </div>
    </div>
  );
}
