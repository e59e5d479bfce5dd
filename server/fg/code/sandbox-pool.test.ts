import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { SandboxPool, type SandboxRequest } from "./sandbox-pool";

/**
 * The pool's fairness and bounds, deterministically: "slow" fgs loop with a time limit no test
 * reaches, so they hold their worker until the pool is closed; nothing here waits on a clock.
 */
const UNREACHED_MS = 120_000;
const SLOW = "export function build() { for (;;) {} }";
const GOOD = `export function build(fm) { return { inputs: [{ name: "x", dtype: "float", shape: [1, 1], values: [fm.origin.uid] }], outputs: [{ name: "y" }] }; }`;
const WANT = { inputs: [{ name: "x", dtype: "float", shape: [1, 1], values: [7] }], outputs: [{ name: "y" }] };

const request = (source: string, owner: string, timeoutMs = UNREACHED_MS): SandboxRequest => ({
  source,
  input: JSON.stringify({ origin: { uid: 7 }, online: true, log: {} }),
  limits: { timeoutMs, memoryBytes: 16 * 1024 * 1024 },
  owner,
});

/** A call whose outcome is recorded, never thrown unhandled. */
function track(promise: Promise<unknown>) {
  const t = { settled: false, error: undefined as unknown, done: promise.then(() => undefined, (e: unknown) => void (t.error = e)).finally(() => (t.settled = true)) };
  return t;
}

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  const e = await promise.then(() => new Error("it ran"), (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

let pools: SandboxPool[] = [];
async function startPool(workers: number, queueSize: number): Promise<SandboxPool> {
  const pool = new SandboxPool({ workers, queueSize });
  pools.push(pool);
  await pool.warm();
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

describe("the code fg sandbox pool", () => {
  it("runs another person's fg while one person's slow fgs keep the pool busy (2 workers)", async () => {
    const pool = await startPool(2, 32);
    const slow = [1, 2, 3].map(() => track(pool.run(request(SLOW, "user:a"))));
    const other = await pool.run(request(GOOD, "user:b"));
    expect(other.io).toEqual(WANT);
    // One person holds at most all but one worker: the others wait their turn.
    expect(pool.stats()).toMatchObject({ running: { "user:a": 1 }, queued: { "user:a": 2 } });
    expect(slow.every((s) => !s.settled)).toBe(true);
    await pool.close();
    await Promise.all(slow.map((s) => s.done));
    expect(slow.every((s) => s.error instanceof AppError)).toBe(true);
  }, 60_000);

  it("answers 429 with a retry delay when the queue is full, and caps one person's share of it", async () => {
    const pool = await startPool(1, 2);
    const running = track(pool.run(request(SLOW, "user:a")));
    const waiting = [track(pool.run(request(SLOW, "user:b"))), track(pool.run(request(SLOW, "user:c")))];
    const full = await rejection(pool.run(request(GOOD, "user:d")));
    expect(full).toMatchObject({ code: "rate_limited", status: 429, details: { retryAfterSeconds: expect.any(Number), limit: 2 } });
    expect(full.message).toMatch(/busy/);
    expect(pool.stats().queued).toEqual({ "user:b": 1, "user:c": 1 });
    expect([running, ...waiting].every((t) => !t.settled)).toBe(true);

    const shared = await startPool(2, 4);
    const mine = [1, 2, 3].map(() => track(shared.run(request(SLOW, "user:a"))));
    const tooMany = await rejection(shared.run(request(SLOW, "user:a")));
    expect(tooMany).toMatchObject({ code: "rate_limited", details: { limit: 2 } });
    expect(tooMany.message).toMatch(/you have 2 calls waiting/);
    expect((await shared.run(request(GOOD, "user:b"))).io).toEqual(WANT);
    expect(mine.every((t) => !t.settled)).toBe(true);
  }, 60_000);

  it("stops an fg at its limits and replaces a worker that dies; the next call runs", async () => {
    const pool = await startPool(1, 4);
    const loop = await rejection(pool.run(request(SLOW, "user:a", 50)));
    expect(loop.details).toMatchObject({ reason: "timeout" });
    const bomb = await rejection(pool.run(request("export function build() { return 'x'.repeat(1 << 26); }", "user:a")));
    expect(bomb.details).toMatchObject({ reason: "memory" });

    const held = track(pool.run(request(SLOW, "user:a")));
    // The worker dies under the call (as a crash would): the call fails, a new worker takes the next.
    await pool["slots"][0]!.worker.terminate();
    await held.done;
    expect(held.error).toMatchObject({ details: { reason: "sandbox" } });
    expect((await pool.run(request(GOOD, "user:b"))).io).toEqual(WANT);
    expect(pool.stats().workers).toBe(1);
  }, 60_000);
});
