import { describe, expect, it } from "vitest";
import { summarizeMove } from "@/sdk/src/core/solutions/summarize-move";
import { parseBucketText } from "./bucket-text";
import { percent, points } from "./percent";
import { assignBucketList, assignRange, bucketCounts, bucketsBySolution, ownersOf, sameOwners, singleOwners, splitProblems } from "./split-model";

const favpush = ownersOf(10, [
  { name: "v1", buckets: [0, 1, 2] },
  { name: "v2", buckets: [3, 4, 5, 6, 7, 8, 9] },
]);

describe("the bucket editor's split", () => {
  it("drags 3-4 (either direction) to v1: the move the editor shows before saving", () => {
    for (const [from, to] of [[3, 4], [4, 3]] as const) {
      const after = assignRange(favpush, from, to, "v1");
      expect(bucketsBySolution(after, ["v1", "v2"])).toEqual({ v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] });
      expect(summarizeMove({ bucketCount: 10, before: singleOwners(favpush), after: singleOwners(after) })).toEqual({
        moves: [{ from: "v2", to: "v1", buckets: [3, 4], share: 0.2 }],
        movedBuckets: 2,
        movedShare: 0.2,
      });
    }
  });

  it("shows gaps and overlaps by bucket, and painting over an overlap resolves it", () => {
    const broken = ownersOf(6, [
      { name: "v1", buckets: [0, 1, 2] },
      { name: "v2", buckets: [2, 3, 99] },
    ]);
    expect(splitProblems(broken)).toEqual({ gaps: [4, 5], overlaps: [{ bucket: 2, solutions: ["v1", "v2"] }] });
    expect(bucketCounts(broken)).toEqual({ bySolution: new Map([["v1", 2], ["v2", 1]]), gaps: 2, overlaps: 1 });
    const fixed = assignBucketList(assignRange(broken, 2, 2, "v2"), [4, 5], "v1");
    expect(splitProblems(fixed)).toEqual({ gaps: [], overlaps: [] });
    expect(assignRange(fixed, 0, 1, null)[0]).toEqual([]);
  });

  it("compares splits bucket by bucket", () => {
    expect(sameOwners(favpush, ownersOf(10, [{ name: "v2", buckets: [9, 8, 7, 6, 5, 4, 3] }, { name: "v1", buckets: [2, 1, 0] }]))).toBe(true);
    expect(sameOwners(favpush, assignRange(favpush, 3, 3, "v1"))).toBe(false);
  });
});

describe("typed bucket lists", () => {
  it.each([
    ["3-4", [3, 4]],
    ["0-2, 7", [0, 1, 2, 7]],
    ["  5 3;3 ", [3, 5]],
    ["", []],
  ])("reads %j", (text, buckets) => {
    expect(parseBucketText(text, 10)).toEqual({ buckets });
  });

  it.each([
    ["3..4", /"3\.\.4" is not a bucket or a range/],
    ["4-3", /runs backwards: write 3-4/],
    ["12", /Bucket 12 does not exist: this app has buckets 0-9/],
    ["-1", /"-1" is not a bucket/],
    ["1.5", /"1.5" is not a bucket/],
  ])("refuses %j with a message", (text, message) => {
    const result = parseBucketText(text, 10);
    expect("error" in result && result.error).toMatch(message);
  });
});

describe("shares as text", () => {
  it.each([
    [0.2, "20%"],
    [0.071, "7.1%"],
    [0.061, "6.1%"],
    [0.239, "23.9%"],
    [1 / 3, "33.3%"],
    [0.0005, "0.05%"],
    [0, "0%"],
  ])("%s -> %s", (share, text) => expect(percent(share)).toBe(text));
  it("signs differences in percentage points", () => {
    expect([points(0.0036), points(-0.0081), points(0)]).toEqual(["+0.36 pp", "−0.81 pp", "±0.00 pp"]);
  });
});
