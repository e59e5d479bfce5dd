import { describe, expect, it } from "vitest";
import { compressBucketRanges, describeBuckets } from "./bucket-ranges";

describe("compressBucketRanges", () => {
  it.each([
    { buckets: [], text: "" },
    { buckets: [7], text: "7" },
    { buckets: [7, 3, 4], text: "3-4, 7" },
    { buckets: [0, 1, 2, 3, 5, 7, 8, 9], text: "0-3, 5, 7-9" },
    { buckets: [4, 4, 5], text: "4-5" },
    { buckets: Array.from({ length: 30 }, (_, i) => i * 2), text: "0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38 and 10 more ranges" },
  ])("$buckets -> $text", ({ buckets, text }) => {
    expect(compressBucketRanges(buckets)).toBe(text);
  });
});

describe("describeBuckets", () => {
  it.each([
    { buckets: [7], text: "bucket 7" },
    { buckets: [7, 7], text: "bucket 7" },
    { buckets: [3, 4, 7], text: "buckets 3-4, 7" },
  ])("$buckets -> $text", ({ buckets, text }) => {
    expect(describeBuckets(buckets)).toBe(text);
  });
});
