import { describe, expect, it } from "vitest";
import type { Solution } from "@/sdk/src/core/published/types";
import { checkSplit } from "./check-split";
import { liveWindow } from "./live-window";

const solution = (name: string, buckets: number[]): Solution => ({ name, buckets, features: {}, model: { name: "m", version: "1" }, fg: { class: "F", version: "v1" } });
const favpush = [solution("v1", [0, 1, 2]), solution("v2", [3, 4, 5, 6, 7, 8, 9])];

describe("checkSplit", () => {
  it("gives configured and observed shares and passes a split near 30/70", () => {
    const counts = new Map(Array.from({ length: 10 }, (_, b) => [b, 1000 + (b % 2) * 10] as const));
    const r = checkSplit(favpush, 10, counts);
    expect(r.shares.get("v1")!.configured).toBeCloseTo(0.3, 12);
    expect(r.shares.get("v1")!.observed).toBeCloseTo(3010 / 10050, 12);
    expect(r.solutions.status).toBe("ok");
    expect(r.buckets.status).toBe("ok");
  });

  it("flags a solution whose buckets lost traffic and names them", () => {
    const counts = new Map(Array.from({ length: 10 }, (_, b) => [b, b === 8 ? 200 : 1000] as const));
    const r = checkSplit(favpush, 10, counts);
    expect(r.solutions.status).toBe("mismatch");
    expect(r.buckets).toMatchObject({ status: "mismatch", deviating: [expect.objectContaining({ key: 8, observed: 200 })] });
  });

  it("leaves out buckets the release does not have, and says too little traffic before it can tell", () => {
    const r = checkSplit(favpush, 10, new Map([[0, 3], [5, 3], [42, 1000]]));
    expect(r.solutions).toMatchObject({ status: "too_little_traffic", total: 6 });
    expect(r.buckets.status).toBe("too_little_traffic");
    expect(checkSplit(favpush, 10, new Map()).shares.get("v2")).toEqual({ configured: 0.7, observed: null });
  });
});

describe("liveWindow", () => {
  const now = new Date("2026-12-03T10:30:20.000Z");
  it("defaults to the last hour by minutes, from a whole minute", () => {
    expect(liveWindow({}, now)).toMatchObject({ from: new Date("2026-12-03T09:30:00.000Z"), to: now, step: 60, points: 61 });
  });
  it("picks a step that keeps a day under 360 points", () => {
    expect(liveWindow({ from: "2026-12-02T10:00:00Z", to: "2026-12-03T10:00:00Z" }, now)).toMatchObject({ step: 300, points: 288 });
  });
  it("refuses a window backwards, longer than 31 days, or of too many points", () => {
    expect(() => liveWindow({ from: "2026-12-03T10:00:00Z", to: "2026-12-03T09:00:00Z" }, now)).toThrow(/before/);
    expect(() => liveWindow({ from: "2026-10-01T00:00:00Z", to: "2026-12-03T00:00:00Z" }, now)).toThrow(/31 days/);
    expect(() => liveWindow({ from: "2026-11-03T00:00:00Z", to: "2026-12-03T00:00:00Z", step: 60 }, now)).toThrow(/at most 1500/);
  });
});
