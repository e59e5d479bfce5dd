import { describe, expect, it } from "vitest";
import { bucketOf } from "../bucketing";
import { favpushSolution, favpushSolutions } from "@/db/seed/favpush";
import { trafficPreview } from "./traffic-preview";

const FAVPUSH_APP = { salt: "favpush", bucketCount: 10 };
const UIDS = Array.from({ length: 2000 }, (_, i) => 100_000 + i);

describe("trafficPreview", () => {
  // Buckets of these keys are pinned in docs/bucketing.md: 234 -> 1, "" -> 0.
  it.each([
    { key: 234, bucket: 1, solution: "v1" },
    { key: "234", bucket: 1, solution: "v1" },
    { key: "", bucket: 0, solution: "v1" },
  ])("places key $key in bucket $bucket ($solution)", ({ key, bucket, solution }) => {
    const preview = trafficPreview({ app: FAVPUSH_APP, solutions: favpushSolutions(), keys: [key] });
    expect(preview.keys).toEqual([{ key, bucket, solution }]);
  });

  it("places every key with bucketOf and counts it once", () => {
    const preview = trafficPreview({ app: FAVPUSH_APP, solutions: favpushSolutions(), keys: UIDS });
    const expected = UIDS.map((key) => {
      const bucket = bucketOf({ ...FAVPUSH_APP, keyValue: key });
      return { key, bucket, solution: bucket <= 2 ? "v1" : "v2" };
    });
    expect(preview.keys).toEqual(expected);
    const v1Count = expected.filter((k) => k.solution === "v1").length;
    expect(preview.solutions).toEqual([
      { solution: "v1", observedCount: v1Count, observedShare: v1Count / 2000, configuredShare: 0.3, difference: v1Count / 2000 - 0.3 },
      {
        solution: "v2",
        observedCount: 2000 - v1Count,
        observedShare: (2000 - v1Count) / 2000,
        configuredShare: 0.7,
        difference: (2000 - v1Count) / 2000 - 0.7,
      },
    ]);
  });

  it("spreads many keys close to the configured shares", () => {
    const { solutions } = trafficPreview({ app: FAVPUSH_APP, solutions: favpushSolutions(), keys: UIDS });
    for (const row of solutions) expect(Math.abs(row.difference)).toBeLessThan(0.05);
  });

  it("reports keys in a gap of a draft split under solution null", () => {
    const draft = [favpushSolution("v1", { buckets: [0, 1] }), favpushSolution("v2", { buckets: [3, 4, 5, 6, 7, 8, 9] })];
    const keys = ["", 234, "user_42"];
    const preview = trafficPreview({ app: FAVPUSH_APP, solutions: draft, keys });
    // "" lands in bucket 0, 234 in bucket 1, "user_42" in bucket 3 (all % 10 of the doc's vectors).
    expect(preview.keys.map((k) => k.solution)).toEqual(["v1", "v1", "v2"]);
    expect(preview.solutions.at(-1)).toEqual({ solution: null, observedCount: 0, observedShare: 0, configuredShare: 0.1, difference: -0.1 });
  });

  it("gives zero observed shares without keys", () => {
    const { solutions } = trafficPreview({ app: FAVPUSH_APP, solutions: favpushSolutions(), keys: [] });
    expect(solutions.map((row) => [row.observedShare, row.difference])).toEqual([
      [0, -0.3],
      [0, -0.7],
    ]);
  });

  it.each([
    { name: "an overlapping split", solutions: [favpushSolution("v1", { buckets: [0, 3] }), favpushSolution("v2")], keys: [1], code: "unprocessable" },
    { name: "a numeric key that is not a safe integer", solutions: favpushSolutions(), keys: [1, 1.5], code: "bad_request" },
  ])("rejects $name", ({ solutions, keys, code }) => {
    expect(() => trafficPreview({ app: FAVPUSH_APP, solutions, keys })).toThrow(expect.objectContaining({ code }));
  });
});
