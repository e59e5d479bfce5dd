import { afterEach, describe, expect, it, vi } from "vitest";
import { startRegistration } from "./register-instance";

describe("registry self-registration rounds", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("goes on to the next round when a PUT never settles, even ignoring its abort signal", async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    // The first PUT hangs for ever (a fetch that does not heed its signal); the next ones answer.
    const fetch = vi.fn((url: string) => {
      calls.push(url);
      return calls.length === 1 ? new Promise<Response>(() => {}) : Promise.resolve(new Response(null, { status: 204 }));
    });
    vi.stubGlobal("fetch", fetch);
    const log = vi.fn();
    const registration = startRegistration(
      { url: "http://console.test", token: "t", intervalSeconds: 1 },
      { grpcPort: 1, restPort: 2, models: () => ["m"], log },
    );
    expect(calls).toHaveLength(1);
    // Past the PUT's deadline the round gives up on it, logs it, and the next round PUTs again.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toHaveBeenCalledWith(expect.stringContaining("Registry unreachable at http://console.test/api/v1/registry/instances"));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    registration.stop();
  });
});
