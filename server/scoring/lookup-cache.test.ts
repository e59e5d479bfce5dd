import { describe, expect, it } from "vitest";
import { LookupCache } from "./lookup-cache";

describe("LookupCache", () => {
  it("serves a value until its time is up, then loads again", async () => {
    let now = 0;
    let loads = 0;
    const cache = new LookupCache<number>(1000, () => now);
    const load = async () => ++loads;
    expect(await cache.get("a", load)).toBe(1);
    now = 999;
    expect(await cache.get("a", load)).toBe(1);
    now = 1000;
    expect(await cache.get("a", load)).toBe(2);
    expect(await cache.get("b", load)).toBe(3);
  });

  it("never keeps a failure, and lets concurrent misses share one load", async () => {
    const cache = new LookupCache<string>(1000, () => 0);
    await expect(cache.get("a", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", async () => "up")).toBe("up");
    let loads = 0;
    // The load stays in flight until both gets were made, however fast the machine.
    let finishLoad!: () => void;
    const inFlight = new Promise<void>((resolve) => (finishLoad = resolve));
    const slow = async () => {
      await inFlight;
      return `load ${++loads}`;
    };
    const both = Promise.all([cache.get("b", slow), cache.get("b", slow)]);
    finishLoad();
    expect(await both).toEqual(["load 1", "load 1"]);
  });
});
