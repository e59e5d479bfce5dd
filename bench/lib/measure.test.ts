import { describe, expect, it } from "vitest";
import { percentile, runRequests, stats } from "./measure";

describe("percentile and stats", () => {
  it("take the nearest rank, whatever order the samples came in", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(stats(xs)).toEqual({ p50: 50, p99: 99 });
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("runRequests", () => {
  it("runs every index once, in order at concurrency 1", async () => {
    const seen: number[] = [];
    await runRequests(5, 1, async (i) => {
      seen.push(i);
    });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it("keeps at most `concurrency` in flight and still runs every index once", async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let most = 0;
    await runRequests(20, 4, async (i) => {
      most = Math.max(most, ++inFlight);
      await Promise.resolve();
      seen.push(i);
      inFlight--;
    });
    expect(most).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
