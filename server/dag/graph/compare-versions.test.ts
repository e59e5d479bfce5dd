import { describe, expect, it } from "vitest";
import { compareVersions, maxVersion } from "./compare-versions";
import { nextReadyVersion } from "./next-ready-version";

describe("compareVersions", () => {
  it.each([
    ["9", "10", -1],
    ["10", "9", 1],
    ["123456789012345678901234567890", "123456789012345678901234567891", -1],
    ["20240105", "20240106", -1],
    ["2024-01-05", "2024-01-06", -1],
    ["2024-01-05T10:00:00Z", "2024-01-05T09:59:59Z", 1],
    ["20240105", "20240105.1", -1],
    ["20240105.9", "20240105.10", -1],
    ["20240105.10", "20240106", -1],
    ["favpush_lr_v2", "favpush_lr_v10", -1],
    ["v2", "v2", 0],
    ["7", "007", 1],
    ["1.", "1a", -1],
    ["5", "v1", -1],
  ])("%s vs %s -> %i", (a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected);
    expect(Math.sign(compareVersions(b, a))).toBe(expected === 0 ? 0 : -expected);
  });

  it("picks the newest version and treats null as the oldest", () => {
    expect(maxVersion([null, "9", "10", "2"])).toBe("10");
    expect(maxVersion([null])).toBeNull();
  });
});

describe("nextReadyVersion", () => {
  it.each([
    { current: null, inputs: ["20240105"], expected: "20240105", why: "first version: the newest input" },
    { current: "20240105", inputs: ["20240106", "3"], expected: "20240106", why: "a newer input wins" },
    { current: "20240105", inputs: ["20240105", "4"], expected: "20240105.1", why: "an older input moved" },
    { current: "20240105.1", inputs: ["20240105", "5"], expected: "20240105.2", why: "and moved again" },
    { current: "20240105.9", inputs: ["20240105"], expected: "20240105.10", why: "the counter is numeric" },
    { current: "20240107", inputs: ["20240105"], expected: "20240107.1", why: "ahead of every input" },
  ])("$why: $current + $inputs -> $expected", ({ current, inputs, expected }) => {
    const next = nextReadyVersion(current, inputs);
    expect(next).toBe(expected);
    if (current !== null) expect(compareVersions(next, current)).toBeGreaterThan(0);
  });
});
