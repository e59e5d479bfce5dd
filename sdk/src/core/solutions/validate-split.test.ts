import { describe, expect, it } from "vitest";
import { CoreError } from "../core-error";
import { favpushSolutions } from "@/db/seed/favpush";
import { assertValidSplit, validateSplit, type SolutionBuckets, type SplitCheck } from "./validate-split";

const split = (buckets: Record<string, number[]>): SolutionBuckets[] =>
  Object.entries(buckets).map(([name, list]) => ({ name, buckets: list }));

const cases: { name: string; bucketCount: number; solutions: SolutionBuckets[]; check: Omit<SplitCheck, "ok">; message?: string }[] = [
  { name: "the fixture over 10 buckets", bucketCount: 10, solutions: [...favpushSolutions()], check: { gaps: [], overlaps: [], outOfRange: [] } },
  {
    name: "the fixture over 12 buckets",
    bucketCount: 12,
    solutions: [...favpushSolutions()],
    check: { gaps: [10, 11], overlaps: [], outOfRange: [] },
    message: "Invalid bucket split: buckets 10-11 belong to no solution",
  },
  {
    name: "the fixture over 8 buckets",
    bucketCount: 8,
    solutions: [...favpushSolutions()],
    check: { gaps: [], overlaps: [], outOfRange: [{ bucket: 8, solution: "v2" }, { bucket: 9, solution: "v2" }] },
    message: "Invalid bucket split: buckets 8-9 of v2 are outside 0-7",
  },
  {
    name: "gaps and overlaps together",
    bucketCount: 10,
    solutions: split({ v1: [0, 1, 2, 5], v2: [2, 5, 6, 8, 9] }),
    check: { gaps: [3, 4, 7], overlaps: [{ bucket: 2, solutions: ["v1", "v2"] }, { bucket: 5, solutions: ["v1", "v2"] }], outOfRange: [] },
    message: "Invalid bucket split: buckets 3-4, 7 belong to no solution; buckets 2, 5 belong to several solutions: v1 and v2",
  },
  {
    name: "one bucket claimed by three solutions",
    bucketCount: 2,
    solutions: split({ a: [0, 1], b: [1], c: [1] }),
    check: { gaps: [], overlaps: [{ bucket: 1, solutions: ["a", "b", "c"] }], outOfRange: [] },
    message: "Invalid bucket split: bucket 1 belongs to several solutions: a, b and c",
  },
  {
    name: "negative and fractional buckets",
    bucketCount: 1,
    solutions: split({ a: [0, -1, 0.5] }),
    check: { gaps: [], overlaps: [], outOfRange: [{ bucket: -1, solution: "a" }, { bucket: 0.5, solution: "a" }] },
    message: "Invalid bucket split: buckets -1, 0.5 of a are outside 0-0",
  },
  {
    name: "a bucket listed twice by one solution",
    bucketCount: 2,
    solutions: split({ a: [0, 0], b: [1] }),
    check: { gaps: [], overlaps: [], outOfRange: [] },
  },
  {
    name: "no solutions",
    bucketCount: 3,
    solutions: [],
    check: { gaps: [0, 1, 2], overlaps: [], outOfRange: [] },
    message: "Invalid bucket split: buckets 0-2 belong to no solution",
  },
  {
    name: "a fine split of 10,000 buckets",
    bucketCount: 10_000,
    solutions: split({ a: Array.from({ length: 5000 }, (_, i) => i), b: Array.from({ length: 4999 }, (_, i) => 5000 + i) }),
    check: { gaps: [9999], overlaps: [], outOfRange: [] },
    message: "Invalid bucket split: bucket 9999 belongs to no solution",
  },
];

describe("validateSplit", () => {
  it.each(cases)("$name", ({ bucketCount, solutions, check }) => {
    const ok = check.gaps.length + check.overlaps.length + check.outOfRange.length === 0;
    expect(validateSplit(bucketCount, solutions)).toEqual({ ok, ...check });
  });

  it.each([0, -1, 2.5, 10_001])("rejects bucket count %s", (bucketCount) => {
    expect(() => validateSplit(bucketCount, [])).toThrow(expect.objectContaining({ code: "bad_request" }));
  });
});

describe("assertValidSplit", () => {
  it.each(cases)("$name", ({ bucketCount, solutions, check, message }) => {
    const run = () => assertValidSplit(bucketCount, solutions);
    if (message === undefined) {
      expect(run).not.toThrow();
      return;
    }
    expect(run).toThrow(CoreError);
    expect(run).toThrow(expect.objectContaining({ code: "unprocessable", message, details: check }));
  });

  it.each([
    { name: "gaps", solutions: split({ a: [0] }), throws: false },
    { name: "an overlap", solutions: split({ a: [0, 1], b: [1] }), throws: true },
    { name: "an out-of-range bucket", solutions: split({ a: [0, 3] }), throws: true },
  ])("with allowGaps, tolerates only $name", ({ solutions, throws }) => {
    const run = () => assertValidSplit(3, solutions, { allowGaps: true });
    if (throws) expect(run).toThrow(expect.objectContaining({ code: "unprocessable" }));
    else expect(run).not.toThrow();
  });
});
