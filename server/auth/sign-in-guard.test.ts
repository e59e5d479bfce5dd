import { describe, expect, it } from "vitest";
import { SignInGuard } from "./sign-in-guard";

const tooEarly = expect.objectContaining({ status: 429, code: "rate_limited", message: expect.stringMatching(/try again/i) });

function guard(freeFailures = 3) {
  const clock = { now: 0 };
  return { g: new SignInGuard({ freeFailures, maxDelayMs: 60_000 }, () => clock.now), clock };
}

/** Failed attempts from `ip`, each let through (as wrong passwords are: nothing calls succeeded). */
function failFrom(g: SignInGuard, email: string, ip: string, n: number) {
  for (let i = 0; i < n; i++) g.attempt(email, ip);
}

describe("SignInGuard", () => {
  it("delays one address's guesses at one account with a doubling wait, capped, and lets the person in once it passes", () => {
    const { g, clock } = guard();
    failFrom(g, "a@x", "10.0.0.1", 3);
    expect(() => g.attempt("a@x", "10.0.0.1")).toThrow(expect.objectContaining({ status: 429, details: { retryAfterSeconds: 1 } }));
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      let seconds = 0;
      try {
        g.attempt("a@x", "10.0.0.1");
      } catch (e) {
        seconds = (e as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
      }
      waits.push(seconds);
      clock.now += seconds * 1000;
      g.attempt("a@x", "10.0.0.1");
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    clock.now += 60_000;
    // The right password after the wait: let through, and the pair starts afresh.
    g.attempt("a@x", "10.0.0.1");
    g.succeeded("a@x", "10.0.0.1");
    failFrom(g, "a@x", "10.0.0.1", 3);
    expect(() => g.attempt("a@x", "10.0.0.1")).toThrow(tooEarly);
  });

  it("does not delay the person at an address they signed in from, however many addresses guess at their account", () => {
    const { g, clock } = guard();
    g.attempt("a@x", "10.0.0.1");
    g.succeeded("a@x", "10.0.0.1");
    // A botnet: 3 failures from each of 10 addresses, the account's looser allowance (30).
    for (let i = 0; i < 10; i++) failFrom(g, "a@x", `192.0.2.${i}`, 3);
    expect(() => g.attempt("a@x", "203.0.113.9")).toThrow(tooEarly);
    expect(() => g.attempt("a@x", "10.0.0.1")).not.toThrow();
    g.succeeded("a@x", "10.0.0.1");
    // A new address waits the account's delay, then gets its attempt.
    let retryAfterSeconds = 0;
    try {
      g.attempt("a@x", "203.0.113.9");
    } catch (e) {
      retryAfterSeconds = (e as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    }
    expect(retryAfterSeconds).toBeGreaterThan(0);
    clock.now += retryAfterSeconds * 1000;
    expect(() => g.attempt("a@x", "203.0.113.9")).not.toThrow();
  });

  it("delays one address trying many accounts, but not its people at accounts they signed in to", () => {
    const { g } = guard();
    g.attempt("me@x", "10.0.0.1");
    g.succeeded("me@x", "10.0.0.1");
    for (let i = 0; i < 30; i++) g.attempt(`user${i}@x`, "10.0.0.1");
    expect(() => g.attempt("other@x", "10.0.0.1")).toThrow(tooEarly);
    expect(() => g.attempt("other@x", "10.0.0.2")).not.toThrow();
    expect(() => g.attempt("me@x", "10.0.0.1")).not.toThrow();
  });

  it("counts a let-through attempt before the password is checked, so a burst cannot slip past in parallel", () => {
    const { g } = guard();
    const outcomes = Array.from({ length: 10 }, () => {
      try {
        g.attempt("a@x", "10.0.0.1");
        return "through";
      } catch {
        return "429";
      }
    });
    expect(outcomes).toEqual([...Array(3).fill("through"), ...Array(7).fill("429")]);
  });

  it("answers the same whether the account exists or not (it never looks)", () => {
    const { g } = guard();
    failFrom(g, "nobody@x", "10.0.0.1", 3);
    expect(() => g.attempt("nobody@x", "10.0.0.1")).toThrow(expect.objectContaining({ details: { retryAfterSeconds: 1 } }));
  });
});
