import { describe, expect, it } from "vitest";
import { formatJsonPath } from "./json-path";

describe("formatJsonPath", () => {
  it.each([
    { segments: [], path: "$" },
    { segments: ["solutions", 1, "v2", "buckets", 0], path: "$.solutions[1].v2.buckets[0]" },
    { segments: ["solutions", 0, "v1.2"], path: '$.solutions[0]["v1.2"]' },
    { segments: ["features", "a-b"], path: '$.features["a-b"]' },
    { segments: ["2x"], path: '$["2x"]' },
  ])("$path", ({ segments, path }) => {
    expect(formatJsonPath(segments)).toBe(path);
  });
});
