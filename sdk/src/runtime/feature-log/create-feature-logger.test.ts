import { describe, expect, it } from "vitest";
import type { TensorIO } from "../types";
import { createFeatureLogger, type FeatureLogSink } from "./create-feature-logger";
import { loggedTensorIOText, type FeatureLogEntry } from "./feature-log-record";
import { serializeTensorIO } from "./serialize-tensor-io";

const io = (x: number): TensorIO => ({
  inputs: [
    { name: "x", dtype: "float", shape: [1, 2], values: [x, 0.1 + 0.2] },
    { name: "id", dtype: "int64", shape: [1], values: ["9007199254740993"] },
  ],
  outputs: [{ name: "y" }],
});

const entry = (app = "favpush", x = 1): FeatureLogEntry => ({
  time: "2026-12-03T10:00:00.000Z",
  app,
  request: { app_name: app, origin: { uid: 7 } },
  release: 12,
  solution: "lr",
  bucket: 3,
  fg: { class: "com.x.LRFg", version: "v2" },
  featureMap: { user_vec: [0.5, -0], origin: { uid: 7 }, online: true, log: {} },
  tensorIO: io(x),
  outputs: { y: { dtype: "float", shape: [1], values: [0.25] } },
});

/** A sink that holds each write until the test lets it go. */
function heldSink() {
  const lines: string[] = [];
  const pending: (() => void)[] = [];
  const sink: FeatureLogSink = {
    write: (batch) =>
      new Promise<void>((resolve) =>
        pending.push(() => {
          lines.push(...batch);
          resolve();
        }),
      ),
  };
  return { sink, lines, release: () => pending.splice(0).forEach((f) => f()), pendingWrites: () => pending.length };
}

/** Every microtask queued so far (the logger's write start included) has run. */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

function memorySink() {
  const lines: string[] = [];
  return { lines, sink: { write: async (batch: string[]) => void lines.push(...batch) } satisfies FeatureLogSink };
}

describe("createFeatureLogger", () => {
  it("logs nothing by default (sampleRate 0)", async () => {
    const m = memorySink();
    const logger = createFeatureLogger({ sink: m.sink, random: () => 0 });
    logger.maybeLog(entry());
    await logger.flush();
    expect(m.lines).toEqual([]);
    expect(logger.stats()).toEqual({ sampled: 0, written: 0, dropped: 0, failed: 0, queued: 0 });
  });

  it("samples with the injected random: a draw below the rate logs, at or above it does not", async () => {
    const m = memorySink();
    const draws = [0.09, 0.1, 0.5, 0.0999];
    const logger = createFeatureLogger({ sink: m.sink, sampleRate: 0.1, random: () => draws.shift()! });
    for (let i = 0; i < 4; i++) logger.maybeLog(entry("favpush", i));
    await logger.flush();
    expect(m.lines.map((l) => JSON.parse(l).tensorIO.inputs[0].values[0])).toEqual([0, 3]);
    expect(logger.stats()).toMatchObject({ sampled: 2, written: 2 });
  });

  it("samples per app: apps not named are off", async () => {
    const m = memorySink();
    const logger = createFeatureLogger({ sink: m.sink, sampleRate: { favpush: 1 }, random: () => 0.5 });
    logger.maybeLog(entry("favpush"));
    logger.maybeLog(entry("other"));
    await logger.flush();
    expect(m.lines.map((l) => JSON.parse(l).app)).toEqual(["favpush"]);
    // What the runtime asks before building an entry: only an app with a rate, only while open.
    expect([logger.samples("favpush"), logger.samples("other")]).toEqual([true, false]);
    expect(createFeatureLogger({ sink: m.sink }).samples("favpush")).toBe(false);
    await logger.close();
    expect(logger.samples("favpush")).toBe(false);
  });

  it("samples a batch once: every scored item of a chosen request gets its line with its index", async () => {
    const m = memorySink();
    const draws = [0.3, 0.9];
    const logger = createFeatureLogger({ sink: m.sink, sampleRate: 0.5, random: () => draws.shift()! });
    const { featureMap, tensorIO, outputs, ...head } = entry() as FeatureLogEntry & { featureMap: never; tensorIO: TensorIO; outputs: never };
    const items = [{ featureMap, tensorIO, outputs }, null, { featureMap, tensorIO: io(5), outputs }];
    const request = { app_name: "favpush", origin: { uid: 7 }, items: [{ goods_id: 1 }, { goods_id: 2 }, { goods_id: 3 }] };
    logger.maybeLog({ ...head, request, items });
    logger.maybeLog({ ...head, request, items });
    await logger.flush();
    const parsed = m.lines.map((l) => JSON.parse(l));
    expect(parsed.map((r) => [r.item, r.requestItem])).toEqual([
      [0, { goods_id: 1 }],
      [2, { goods_id: 3 }],
    ]);
    // Each line carries the request without the batch's items (a line stays one item's size).
    expect(parsed[0].request).toEqual({ app_name: "favpush", origin: { uid: 7 } });
    expect(Object.keys(parsed[0])).toEqual(["v", "time", "app", "release", "solution", "bucket", "fg", "item", "request", "requestItem", "outputs", "featureMap", "tensorIO"]);
    expect(parsed[1].tensorIO.inputs[0].values[0]).toBe(5);
    expect(logger.stats()).toMatchObject({ sampled: 1, written: 2 });
  });

  it("writes keys in a stable order, the canonical TensorIO last, and exact numbers", async () => {
    const m = memorySink();
    const logger = createFeatureLogger({ sink: m.sink, sampleRate: 1 });
    logger.maybeLog(entry());
    await logger.flush();
    const line = m.lines[0]!;
    expect(Object.keys(JSON.parse(line))).toEqual(["v", "time", "app", "release", "solution", "bucket", "fg", "request", "outputs", "featureMap", "tensorIO"]);
    expect(loggedTensorIOText(line)).toBe(serializeTensorIO(io(1)));
    expect(line).toContain('"values":[1,0.30000000000000004]');
    expect(line).toContain('"values":["9007199254740993"]');
    expect(line).toContain('"user_vec":[0.5,0]');
  });

  it("snapshots the record when sampled: later changes to the objects do not reach the log", async () => {
    const h = heldSink();
    const logger = createFeatureLogger({ sink: h.sink, sampleRate: 1 });
    const e = entry() as FeatureLogEntry & { featureMap: Record<string, unknown> };
    logger.maybeLog(e);
    e.featureMap.user_vec = "changed";
    await nextMacrotask();
    h.release();
    await logger.flush();
    expect(JSON.parse(h.lines[0]!).featureMap.user_vec).toEqual([0.5, 0]);
  });

  it("bounds the queue: a request that does not fit is dropped whole and counted, the rest are written", async () => {
    const h = heldSink();
    const logger = createFeatureLogger({ sink: h.sink, sampleRate: 1, maxQueue: 3, maxBatch: 2 });
    const { featureMap, tensorIO, outputs, ...head } = entry() as FeatureLogEntry & { featureMap: never; tensorIO: TensorIO; outputs: never };
    const item = { featureMap, tensorIO, outputs };
    logger.maybeLog(entry("favpush", 1));
    logger.maybeLog(entry("favpush", 2));
    logger.maybeLog({ ...head, items: [item, item] }); // 2 + 2 > 3: dropped whole
    logger.maybeLog(entry("favpush", 3));
    expect(logger.stats()).toEqual({ sampled: 4, written: 0, dropped: 2, failed: 0, queued: 3 });
    logger.maybeLog(entry("favpush", 4)); // full
    expect(logger.stats().dropped).toBe(3);

    // The first write takes 2 lines off the queue; room again.
    await nextMacrotask();
    expect(h.pendingWrites()).toBe(1);
    expect(logger.stats().queued).toBe(1);
    logger.maybeLog(entry("favpush", 5));
    while (h.pendingWrites() > 0 || logger.stats().queued > 0) {
      h.release();
      await nextMacrotask();
    }
    await logger.flush();
    expect(h.lines.map((l) => JSON.parse(l).tensorIO.inputs[0].values[0])).toEqual([1, 2, 3, 5]);
    expect(logger.stats()).toEqual({ sampled: 6, written: 4, dropped: 3, failed: 0, queued: 0 });
  });

  it("bounds the queue's characters too", () => {
    const h = heldSink();
    const logger = createFeatureLogger({ sink: h.sink, sampleRate: 1, maxQueueChars: 10 });
    logger.maybeLog(entry());
    expect(logger.stats()).toMatchObject({ dropped: 1, queued: 0 });
  });

  it("never throws into scoring: a failing sink and an unserialisable record are counted and reported", async () => {
    const errors: unknown[] = [];
    const logger = createFeatureLogger({
      sink: { write: () => Promise.reject(new Error("disk full")) },
      sampleRate: 1,
      onError: (e) => {
        errors.push(e);
        throw new Error("the reporter fails too");
      },
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => logger.maybeLog({ ...entry(), request: cyclic })).not.toThrow();
    expect(() => logger.maybeLog(entry())).not.toThrow();
    await logger.flush();
    expect(logger.stats()).toEqual({ sampled: 2, written: 0, dropped: 0, failed: 2, queued: 0 });
    expect(errors.map((e) => (e as Error).message)).toEqual([expect.stringContaining("circular"), "disk full"]);
  });

  it("does not write in the caller's tick", () => {
    const m = memorySink();
    const logger = createFeatureLogger({ sink: m.sink, sampleRate: 1 });
    logger.maybeLog(entry());
    expect(m.lines).toEqual([]);
    expect(logger.stats().queued).toBe(1);
  });

  it("writes bigints and typed arrays in outputs as JSON can hold them", async () => {
    const m = memorySink();
    const logger = createFeatureLogger({ sink: m.sink, sampleRate: 1 });
    logger.maybeLog({ ...entry(), outputs: { y: { dtype: "int64", shape: [2], values: [12345678901234567890n, 1n] }, z: new Float32Array([0.5]) } });
    await logger.flush();
    expect(JSON.parse(m.lines[0]!).outputs).toEqual({ y: { dtype: "int64", shape: [2], values: ["12345678901234567890", "1"] }, z: [0.5] });
  });

  it("close flushes and closes the sink; later requests are not logged", async () => {
    const m = memorySink();
    let closed = 0;
    const logger = createFeatureLogger({ sink: { ...m.sink, close: async () => void closed++ }, sampleRate: 1 });
    logger.maybeLog(entry());
    await logger.close();
    logger.maybeLog(entry());
    await logger.flush();
    expect([m.lines.length, closed, logger.stats().sampled]).toEqual([1, 1, 1]);
  });
});
