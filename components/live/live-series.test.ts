import { describe, expect, it } from "vitest";
import type { LiveView } from "@/server/contracts/telemetry";
import { histogramRows, timeRows } from "./live-series";
import { liveHrefAround, stepsFor, windowBounds, windowFromParams } from "./live-window";

type Solution = LiveView["solutions"][number];

function solution(name: string, series: Partial<Solution["series"][number]>[], outputs: Solution["outputs"] = {}): Solution {
  return {
    solution: name,
    requests: 0,
    items: 0,
    errors: {},
    observedShare: null,
    configuredShare: null,
    outputs,
    series: series.map((p, i) => ({ t: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), requests: 0, items: 0, errorRate: {}, latency: {}, missingRate: {}, outputMean: {}, ...p })),
  };
}

describe("Live chart rows", () => {
  it("gives a row per step with a value per solution and part, and a gap where a step had no requests", () => {
    const rows = timeRows(
      [solution("v1", [{ requests: 3, latency: { total: { p50: 4, p99: 9 } } }, { requests: 0 }]), solution("v2", [{ requests: 1, latency: { total: { p50: 6, p99: 20 } } }, { requests: 2 }])],
      (p, q) => p.latency.total?.[q as "p50" | "p99"] ?? null,
      ["p50", "p99"],
    );
    expect(rows).toEqual([
      { t: Date.UTC(2026, 0, 1, 0, 0), "v1 · p50": 4, "v1 · p99": 9, "v2 · p50": 6, "v2 · p99": 20 },
      { t: Date.UTC(2026, 0, 1, 0, 1), "v1 · p50": null, "v1 · p99": null, "v2 · p50": null, "v2 · p99": null },
    ]);
  });

  it("overlays histograms on shared buckets, each as the share of its own values", () => {
    const dist = (buckets: { lo: number; hi: number; count: number }[]) => ({ count: buckets.reduce((n, b) => n + b.count, 0), mean: null, p50: null, p99: null, buckets });
    const rows = histogramRows(
      [solution("v1", [], { score: dist([{ lo: 0.25, hi: 0.3, count: 3 }, { lo: 0.5, hi: 0.55, count: 1 }]) }), solution("v2", [], { score: dist([{ lo: 0.5, hi: 0.55, count: 10 }]) })],
      "score",
    );
    expect(rows.map((r) => [r.lo, r.v1, r.v2])).toEqual([
      [0.25, 0.75, 0],
      [0.5, 0.25, 1],
    ]);
  });
});

describe("Live window", () => {
  it("reads a preset or fixed bounds from the URL, and ignores a step it does not offer", () => {
    expect(windowFromParams(new URLSearchParams("window=6h&step=300"))).toEqual({ kind: "preset", preset: "6h", step: 300 });
    expect(windowFromParams(new URLSearchParams("window=nope&step=61"))).toEqual({ kind: "preset", preset: "1h", step: null });
    const fixed = windowFromParams(new URLSearchParams("from=2026-01-01T00:00:00Z&to=2026-01-01T02:00:00Z"));
    expect(fixed).toEqual({ kind: "fixed", from: "2026-01-01T00:00:00.000Z", to: "2026-01-01T02:00:00.000Z", step: null });
    expect(windowBounds({ kind: "preset", preset: "1h", step: null }, Date.UTC(2026, 0, 1, 1))).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2026-01-01T01:00:00.000Z" });
  });

  it("offers only steps within the API's point limit", () => {
    expect(stepsFor({ kind: "preset", preset: "7d", step: null }).map((s) => s.seconds)).toEqual([900, 3_600, 21_600, 86_400]);
    expect(stepsFor({ kind: "preset", preset: "1h", step: null }).map((s) => s.seconds)).toEqual([60, 300, 900]);
  });

  it("links to the Live view around a release", () => {
    expect(liveHrefAround("favpush", "2026-01-01T12:00:00Z")).toBe("/live?app=favpush&from=2026-01-01T11%3A30%3A00.000Z&to=2026-01-01T13%3A30%3A00.000Z");
  });
});
