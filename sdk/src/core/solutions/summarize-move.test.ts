import { describe, expect, it } from "vitest";
import { assignBuckets } from "./bucket-assignment";
import { favpushSolutions } from "@/db/seed/favpush";
import { summarizeMove, type MoveSummary } from "./summarize-move";

const assign = (bucketCount: number, buckets: Record<string, number[]>) =>
  assignBuckets(bucketCount, Object.entries(buckets).map(([name, list]) => ({ name, buckets: list })));

const FAVPUSH = assignBuckets(10, favpushSolutions());

const cases: { name: string; bucketCount: number; before: ReadonlyMap<number, string>; after: ReadonlyMap<number, string>; summary: MoveSummary }[] = [
  { name: "no change", bucketCount: 10, before: FAVPUSH, after: FAVPUSH, summary: { moves: [], movedBuckets: 0, movedShare: 0 } },
  {
    name: "one bucket from v2 to v1",
    bucketCount: 10,
    before: FAVPUSH,
    after: assign(10, { v1: [0, 1, 2, 3], v2: [4, 5, 6, 7, 8, 9] }),
    summary: { moves: [{ from: "v2", to: "v1", buckets: [3], share: 0.1 }], movedBuckets: 1, movedShare: 0.1 },
  },
  {
    name: "a swap, ordered by first bucket",
    bucketCount: 10,
    before: FAVPUSH,
    after: assign(10, { v1: [7, 8, 9], v2: [0, 1, 2, 3, 4, 5, 6] }),
    summary: {
      moves: [
        { from: "v1", to: "v2", buckets: [0, 1, 2], share: 0.3 },
        { from: "v2", to: "v1", buckets: [7, 8, 9], share: 0.3 },
      ],
      movedBuckets: 6,
      movedShare: 0.6,
    },
  },
  {
    name: "a new solution taking buckets of both, and a gap filled",
    bucketCount: 4,
    before: assign(4, { a: [0, 1], b: [2] }),
    after: assign(4, { a: [0], b: [2], c: [1, 3] }),
    summary: {
      moves: [
        { from: "a", to: "c", buckets: [1], share: 0.25 },
        { from: null, to: "c", buckets: [3], share: 0.25 },
      ],
      movedBuckets: 2,
      movedShare: 0.5,
    },
  },
  {
    name: "a solution removed, leaving a gap",
    bucketCount: 2,
    before: assign(2, { a: [0], b: [1] }),
    after: assign(2, { a: [0] }),
    summary: { moves: [{ from: "b", to: null, buckets: [1], share: 0.5 }], movedBuckets: 1, movedShare: 0.5 },
  },
];

describe("summarizeMove", () => {
  it.each(cases)("$name", ({ bucketCount, before, after, summary }) => {
    expect(summarizeMove({ bucketCount, before, after })).toEqual(summary);
  });

  it.each([
    { name: "a bucket beyond the count", bucketCount: 10, before: new Map([[10, "v1"]]), after: FAVPUSH },
    { name: "a negative bucket", bucketCount: 10, before: FAVPUSH, after: new Map([[-1, "v1"]]) },
    { name: "a zero bucket count", bucketCount: 0, before: new Map<number, string>(), after: new Map<number, string>() },
  ])("rejects $name", ({ bucketCount, before, after }) => {
    expect(() => summarizeMove({ bucketCount, before, after })).toThrow(expect.objectContaining({ code: "bad_request" }));
  });
});
