import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

const policy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, forgetAfterMs: 60_000, maxKeys: 100 };

describe("Backoff", () => {
  it("lets the free failures through, then makes each attempt wait a delay that doubles up to the cap", () => {
    let now = 0;
    const b = new Backoff(policy, () => now);
    for (let i = 0; i < 3; i++) {
      expect(b.waitMs("k")).toBe(0);
      b.fail("k");
    }
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = b.waitMs("k");
      waits.push(wait);
      now += wait;
      expect(b.waitMs("k")).toBe(0);
      b.fail("k");
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it("counts only failures: asking again and again while waiting does not push the chance further", () => {
    let now = 0;
    const b = new Backoff(policy, () => now);
    for (let i = 0; i < 4; i++) b.fail("k");
    for (now = 0; now < 2_000; now += 100) expect(b.waitMs("k")).toBe(2_000 - now);
    expect(b.waitMs("k")).toBe(0);
  });

  it("keeps keys apart, forgets a key after a quiet spell, and resets or takes back a failure", () => {
    let now = 0;
    const b = new Backoff(policy, () => now);
    for (let i = 0; i < 3; i++) b.fail("a");
    expect(b.waitMs("a")).toBe(1_000);
    expect(b.waitMs("b")).toBe(0);
    b.undo("a");
    expect(b.waitMs("a")).toBe(0);
    b.fail("a");
    b.reset("a");
    expect(b.waitMs("a")).toBe(0);
    for (let i = 0; i < 5; i++) b.fail("a");
    now = 59_999;
    expect(b.waitMs("a")).toBe(0);
    now = 60_000;
    b.fail("a");
    expect(b.waitMs("a")).toBe(0);
  });

  it("holds at most maxKeys keys, dropping the stalest", () => {
    let now = 0;
    const b = new Backoff({ ...policy, freeFailures: 1, maxKeys: 10 }, () => now);
    for (let i = 0; i < 50; i++) {
      now++;
      b.fail(`k${i}`);
    }
    expect(b.size).toBeLessThanOrEqual(10);
    expect(b.waitMs("k49")).toBeGreaterThan(0);
    expect(b.waitMs("k0")).toBe(0);
  });
});
