import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows the limit per window, then answers 429 with the wait, then opens a new window", () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) limiter.hit("k");
    expect(() => limiter.hit("k")).toThrow(expect.objectContaining({ status: 429, details: { retryAfterSeconds: 60 } }));
    limiter.hit("other");
    now = 60_000;
    expect(() => limiter.hit("k")).not.toThrow();
  });
});
