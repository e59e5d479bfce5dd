import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import type { FeatureMap } from "../featuremap";
import { batchTimeMs, MAX_BATCH_TIME_MS, runCodeFgBatch } from "./run-code-fg-batch";
import { runCodeFg } from "./run-code-fg";
import { SandboxPool, type SandboxBatchRequest } from "./sandbox-pool";

const fm = (uid: number): FeatureMap => ({ origin: { uid }, online: true, log: {} });
/** Loops forever for uid 2, builds x = [uid] for the others. */
const LOOPS_FOR_2 = `export function build(fm) {
  if (fm.origin.uid === 2) for (;;) {}
  return { inputs: [{ name: "x", dtype: "float", shape: [1, 1], values: [fm.origin.uid] }], outputs: [{ name: "y" }] };
}`;
const UNREACHED_MS = 60_000;

type Outcome = Awaited<ReturnType<typeof runCodeFgBatch>>[number];
const valuesOf = (o: Outcome) => ("io" in o ? o.io.inputs[0]!.values : o.error);
const errorOf = (o: Outcome): AppError => {
  if (!("error" in o)) throw new Error("the item ran");
  expect(o.error).toBeInstanceOf(AppError);
  return o.error as AppError;
};

describe("runCodeFgBatch: limits", () => {
  it("gives a batch its items' time, summed, up to a cap (or one item's limit when that is longer)", () => {
    expect(batchTimeMs(1, 200)).toBe(200);
    expect(batchTimeMs(3, 200)).toBe(600);
    expect(batchTimeMs(200, 200)).toBe(MAX_BATCH_TIME_MS);
    expect(batchTimeMs(5, 2 * MAX_BATCH_TIME_MS)).toBe(2 * MAX_BATCH_TIME_MS);
  });

  it("stops an item that loops forever at its own limit, with runCodeFg's error; the other items run", async () => {
    const limits = { timeoutMs: 50, batchTimeoutMs: UNREACHED_MS };
    const outcomes = await runCodeFgBatch(LOOPS_FOR_2, [fm(1), fm(2), fm(3)], limits);
    expect(valuesOf(outcomes[0]!)).toEqual([1]);
    expect(valuesOf(outcomes[2]!)).toEqual([3]);
    const alone = await runCodeFg(LOOPS_FOR_2, fm(2), { timeoutMs: 50 }).then(() => undefined, (e: unknown) => e as AppError);
    const e = errorOf(outcomes[1]!);
    expect([e.code, e.message, e.details]).toEqual([alone?.code, alone?.message, alone?.details]);
    expect(e.message).toBe("The fg code ran longer than its 50 ms limit");
  }, 60_000);

  it("stops the item running at the batch's deadline, and runs none after it: each is told so", async () => {
    const outcomes = await runCodeFgBatch(LOOPS_FOR_2, [fm(1), fm(2), fm(3)], { timeoutMs: UNREACHED_MS, batchTimeoutMs: 50 });
    expect(valuesOf(outcomes[0]!)).toEqual([1]);
    expect(errorOf(outcomes[1]!)).toMatchObject({
      code: "unprocessable",
      message: "The fg batch (3 items) ran longer than its 50 ms limit",
      details: { reason: "timeout", limitMs: 50, batch: true },
    });
    expect(errorOf(outcomes[2]!)).toMatchObject({
      message: "The fg batch (3 items) ran longer than its 50 ms limit; this item was not run",
      details: { reason: "timeout", batch: true },
    });
  }, 60_000);

  it("is not cut off by the pool while its items keep finishing, though together they outlast one call's hard stop", async () => {
    // Six items each stopped at their own 300 ms: about 1.8 s in all, past one call's 1.3 s hold.
    const loop = "export function build() { for (;;) {} }";
    const outcomes = await runCodeFgBatch(loop, [1, 2, 3, 4, 5, 6].map(fm), { timeoutMs: 300, batchTimeoutMs: UNREACHED_MS });
    expect(outcomes.map((o) => errorOf(o).message)).toEqual(Array(6).fill("The fg code ran longer than its 300 ms limit"));
  }, 60_000);

  it("keeps each item to the single call's memory limit", async () => {
    const source = `export function build(fm) {
      const s = fm.origin.uid === 2 ? "x".repeat(1 << 24) : "";
      return { inputs: [{ name: "x", dtype: "float", shape: [1, 1], values: [fm.origin.uid + s.length] }], outputs: [{ name: "y" }] };
    }`;
    const limits = { memoryBytes: 8 * 1024 * 1024, timeoutMs: UNREACHED_MS };
    const outcomes = await runCodeFgBatch(source, [fm(1), fm(2), fm(3)], limits);
    expect(outcomes.map((o) => ("io" in o ? "ok" : (errorOf(o).details as { reason: string }).reason))).toEqual(["ok", "memory", "ok"]);
    const alone = await runCodeFg(source, fm(2), limits).then(() => undefined, (e: unknown) => e as AppError);
    expect(errorOf(outcomes[1]!).message).toBe(alone?.message);
  }, 60_000);

  it("drops an item whose result would take the batch's results past their size limit; smaller ones after it still fit", async () => {
    // uid n builds n values: about 4 bytes a value in the reply.
    const source = `export function build(fm) {
      const n = fm.origin.uid;
      return { inputs: [{ name: "x", dtype: "float", shape: [1, n], values: new Array(n).fill(1) }], outputs: [{ name: "y" }] };
    }`;
    const outcomes = await runCodeFgBatch(source, [fm(300), fm(300), fm(2)], { outputBytes: 1000 });
    expect("io" in outcomes[0]!).toBe(true);
    expect(errorOf(outcomes[1]!)).toMatchObject({ details: { reason: "memory", batch: true, limitBytes: 1000 } });
    expect(errorOf(outcomes[1]!).message).toMatch(/^The fg batch's results would exceed/);
    expect(valuesOf(outcomes[2]!)).toEqual([1, 1]);
  }, 60_000);

  it("gives an item whose featureMap cannot be JSON runCodeFg's error, and sends the others", async () => {
    const outcomes = await runCodeFgBatch(LOOPS_FOR_2, [fm(1), { ...fm(3), big: 1n }, fm(3)]);
    expect(errorOf(outcomes[1]!).details).toMatchObject({ reason: "bad_input" });
    expect(valuesOf(outcomes[2]!)).toEqual([3]);
  }, 60_000);
});

/** The pool's side, on a pool of its own: one message, one job, its fair share. */
describe("a batch in the sandbox pool", () => {
  const SLOW = "export function build() { for (;;) {} }";
  const GOOD = `export function build(fm) { return { inputs: [{ name: "x", dtype: "float", shape: [1, 1], values: [fm.origin.uid] }], outputs: [{ name: "y" }] }; }`;
  const limits = { timeoutMs: UNREACHED_MS, memoryBytes: 16 * 1024 * 1024, batchTimeoutMs: UNREACHED_MS, outputBytes: 1 << 20 };
  const batch = (source: string, owner: string, n: number): SandboxBatchRequest => ({
    source,
    inputs: Array.from({ length: n }, (_, i) => JSON.stringify(fm(i))),
    limits,
    owner,
  });
  let pools: SandboxPool[] = [];
  const startPool = async (workers: number, queueSize: number) => {
    const pool = new SandboxPool({ workers, queueSize });
    pools.push(pool);
    await pool.warm();
    return pool;
  };
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.close()));
    pools = [];
  });

  it("posts ONE message for a batch and answers each item in order", async () => {
    const pool = await startPool(1, 4);
    const before = pool.stats().posted;
    const items = await pool.runBatch(batch(GOOD, "user:a", 50));
    expect(pool.stats().posted - before).toBe(1);
    expect(items.map((r) => ("io" in r ? (r.io as { inputs: { values: number[] }[] }).inputs[0]!.values[0] : r.error))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  }, 60_000);

  it("holds one worker for a batch like one call: another person's fg runs meanwhile (2 workers)", async () => {
    const pool = await startPool(2, 8);
    const held = pool.runBatch(batch(SLOW, "user:a", 200));
    const waiting = pool.runBatch(batch(SLOW, "user:a", 200)).then(() => undefined, (e: unknown) => e);
    const other = await pool.run({ source: GOOD, input: JSON.stringify(fm(7)), limits, owner: "user:b" });
    expect(other.io).toMatchObject({ inputs: [{ values: [7] }] });
    expect(pool.stats()).toMatchObject({ running: { "user:a": 1 }, queued: { "user:a": 1 } });

    // Stopped under it (a crash, or shutting down), the batch fails item by item; one waiting is refused whole.
    await pool.close();
    const items = await held;
    expect(items).toHaveLength(200);
    expect(items.every((r) => "error" in r && r.error.details && (r.error.details as { reason: string }).reason === "sandbox")).toBe(true);
    expect(await waiting).toMatchObject({ message: "The fg sandbox was shut down", details: { reason: "sandbox" } });
  }, 60_000);
});
