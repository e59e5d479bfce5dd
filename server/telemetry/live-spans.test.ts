import { describe, expect, it } from "vitest";
import { addValues, quantilesOf, type Histogram } from "@/sdk/src/core/telemetry/histogram";
import { emptyCounts } from "@/sdk/src/core/telemetry/series";
import { p50p99 } from "./build-live-series";
import { LiveSpanCache } from "./live-span-cache";
import { liveWindow } from "./live-window";
import { partsOf, versionOf } from "./read-live-series";

describe("p50p99", () => {
  it("gives what quantilesOf gives, on histograms of one to hundreds of buckets, negatives and zero included", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const h: Histogram = {};
      const n = 1 + Math.floor(random() * (i % 3 === 0 ? 2000 : 30));
      addValues(h, Array.from({ length: n }, () => (random() - 0.2) * 10 ** (random() * 12 - 6) * (random() < 0.05 ? 0 : 1)));
      const [p50, p99] = quantilesOf(h, [0.5, 0.99]);
      expect(p50p99(h)).toEqual({ p50, p99 });
    }
    expect(p50p99({})).toEqual({ p50: null, p99: null });
    expect(p50p99({ sum: 3, p1: 0 })).toEqual({ p50: null, p99: null });
  });
});

describe("LiveSpanCache", () => {
  const span = (points: number) => ({ version: "v1", points, solutions: new Map([["s", { points: [], total: emptyCounts() }]]) });

  it("gives a kept span only for the version it was built from, and forgets it on another", () => {
    const cache = new LiveSpanCache(100);
    cache.set("a", span(10));
    expect(cache.get("a", "v1")).toBeDefined();
    expect(cache.get("a", "v2")).toBeUndefined();
    expect(cache.has("a")).toBe(false);
  });

  it("drops the least recently used spans past its points", () => {
    const cache = new LiveSpanCache(30);
    cache.set("a", span(10));
    cache.set("b", span(10));
    cache.set("c", span(10));
    cache.get("a", "v1"); // a is now the most recent
    cache.set("d", span(10));
    expect(["a", "b", "c", "d"].filter((k) => cache.has(k))).toEqual(["a", "c", "d"]);
    cache.set("e", span(31)); // more than it holds: not kept
    expect(cache.has("e")).toBe(false);
    expect(cache.size).toBe(3);
  });
});

describe("partsOf", () => {
  const now = new Date("2026-12-03T10:07:30Z");

  it("cuts a window of minutes into hours, the first from `from`, the open one last", () => {
    const parts = partsOf("a", liveWindow({ from: "2026-12-03T07:20:00Z" }, now));
    expect(parts.map((p) => [p.from.toISOString(), p.points, p.closed])).toEqual([
      ["2026-12-03T07:20:00.000Z", 40, true],
      ["2026-12-03T08:00:00.000Z", 60, true],
      ["2026-12-03T09:00:00.000Z", 60, true],
      ["2026-12-03T10:00:00.000Z", 8, false],
    ]);
    expect(parts.at(-1)!.to).toEqual(now);
  });

  it("with 5-minute rows, an hour is closed only before the last whole 5 minutes", () => {
    const at = new Date("2026-12-03T10:02:00Z");
    const parts = partsOf("a", liveWindow({ from: "2026-12-02T10:02:00Z", to: at.toISOString() }, at));
    expect(parts).toHaveLength(25);
    expect(parts.every((p, i) => p.closed === i < 24)).toBe(true);
    expect(parts.reduce((n, p) => n + p.points, 0)).toBe(289);
  });

  it("gives one point per part for steps of an hour or more, or steps that do not divide an hour", () => {
    const twoWeeks = partsOf("a", liveWindow({ from: "2026-11-19T10:00:00Z" }, now)); // a step of an hour
    expect(twoWeeks[0]!.step).toBe(3600);
    expect(twoWeeks.every((p) => p.points === 1)).toBe(true);
    const odd = partsOf("a", liveWindow({ from: "2026-12-03T09:00:00Z", step: 420 }, now));
    expect(odd.map((p) => p.points)).toEqual(odd.map(() => 1));
  });
});

describe("versionOf", () => {
  it("is count, sum and max of the rows' versions, as the database computes it", () => {
    expect(versionOf([])).toBe("0:0:0");
    expect(versionOf([{ version: 5 }, { version: 900 }, { version: 7 }])).toBe("3:912:900");
  });
});
