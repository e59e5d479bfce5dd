import { describe, expect, it } from "vitest";
import type { ScoredRequest } from "@/sdk/src/telemetry/create-aggregator";
import { generateDemoTraffic } from "./telemetry-demo-traffic";

const view = {
  settings: { bucketCount: 10, hashKey: "uid", salt: "s" },
  solutions: [
    { name: "v1", buckets: [0, 1, 2] },
    { name: "v2", buckets: [3, 4, 5, 6, 7, 8, 9] },
  ],
} as unknown as Parameters<typeof generateDemoTraffic>[0]["view"];

describe("demo traffic", () => {
  it("sends each request to the solution owning its bucket, in its minute, and leaves dropped buckets out", () => {
    const seen: ScoredRequest[] = [];
    const from = Date.UTC(2026, 0, 1);
    const n = generateDemoTraffic({ view, app: "favpush", revision: 4, from, minutes: 3, perMinute: 500, dropBuckets: new Set([3, 4]) }, (r) => seen.push(r));
    expect(n).toBe(seen.length);
    expect(seen.every((r) => r.bucket !== 3 && r.bucket !== 4)).toBe(true);
    expect(seen.every((r) => (r.bucket! < 3 ? r.solution === "v1" : r.solution === "v2"))).toBe(true);
    expect(seen.every((r) => r.at! >= from && r.at! < from + 3 * 60_000 && r.release === 4 && !r.forced)).toBe(true);
    // About 3 of 8 remaining buckets go to v1.
    expect(seen.filter((r) => r.solution === "v1").length / n).toBeCloseTo(3 / 8, 1);
  });
});
