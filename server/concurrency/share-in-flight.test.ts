import { describe, expect, it } from "vitest";
import { shareInFlight } from "./share-in-flight";

describe("shareInFlight", () => {
  it("shares a call only while it runs, per key", async () => {
    const inFlight = shareInFlight<number>();
    let calls = 0;
    let release!: (value: number) => void;
    const call = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = inFlight.run("k", call);
    const b = inFlight.run("k", call);
    expect(calls).toBe(1);
    release(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    const c = inFlight.run("k", call);
    expect(calls).toBe(2);
    release(8);
    expect(await c).toBe(8);
  });

  it("starts afresh after forget, and a failure is not kept", async () => {
    const inFlight = shareInFlight<number>();
    let calls = 0;
    const first = inFlight.run("k", async () => {
      calls++;
      throw new Error("down");
    });
    inFlight.forget("k");
    const second = inFlight.run("k", async () => ++calls);
    await expect(first).rejects.toThrow("down");
    expect(await second).toBe(2);
    expect(await inFlight.run("k", async () => ++calls)).toBe(3);
  });
});
