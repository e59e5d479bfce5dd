import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, HALF_PLUS_TWO_FIXTURE, modelConfig, startQuietServer } from "@/model-server/test-support";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { closeTfsClients } from "@/server/tfs/grpc-client";
import { predictOnInstance, type PredictDeadlines } from "./predict-on-instance";
import { status as GrpcStatus } from "@grpc/grpc-js";
import { startFailingInstance } from "./test-support/failing-instance";
import { startHungInstance } from "./test-support/hung-instance";

/**
 * Which instance a Predict goes to, against real dev model servers, a closed port and a TCP
 * server that accepts and never answers. The per-instance deadline is shorter than the
 * console's (PREDICT_DEADLINES) so a hung instance costs the test little, yet long enough that
 * a healthy instance on a busy machine always answers within it (channels are warmed first).
 */
const FAST: PredictDeadlines = { perInstanceMs: 2000, totalMs: 10_000, restMs: 60_000 };
const model = { name: "half_plus_two", version: 123 };
const io = { inputs: [{ name: "x", dtype: "float" as const, shape: [1, 1], values: [4] }], outputs: [{ name: "y" }] };

const servers: RunningModelServer[] = [];
const hung: { address: string; close(): Promise<void> }[] = [];
const failing: { address: string; close(): Promise<void> }[] = [];
let internal: string;
let unimplemented: string;
let invalid: string;
let a: string;
let b: string;

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    servers.push(await startQuietServer({ models: [modelConfig("half_plus_two", path.dirname(HALF_PLUS_TWO_FIXTURE))] }));
  }
  [a, b] = servers.map((s) => `127.0.0.1:${s.grpcPort}`) as [string, string];
  for (let i = 0; i < 3; i++) hung.push(await startHungInstance());
  for (const code of [GrpcStatus.INTERNAL, null, GrpcStatus.INVALID_ARGUMENT]) failing.push(await startFailingInstance(code, "secret internals of 10.9.9.9"));
  [internal, unimplemented, invalid] = failing.map((f) => f.address) as [string, string, string];
  // Connect both channels before the tests: a first call also pays for the connection.
  for (const address of [a, b]) await predictOnInstance([address], model, io, FAST);
});

afterAll(async () => {
  closeTfsClients();
  for (const h of [...hung, ...failing]) await h.close();
  for (const s of servers) await s.close();
});

describe("predictOnInstance", () => {
  it("goes round-robin across healthy instances: both get traffic, in turn", async () => {
    const answered: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await predictOnInstance([a, b], model, io, FAST);
      expect(r.response.outputs.y!.values).toEqual([4]);
      expect(r.skipped).toEqual([]);
      answered.push(r.instance);
    }
    expect(new Set(answered)).toEqual(new Set([a, b]));
    // Strict alternation: each call starts one further along.
    for (let i = 1; i < answered.length; i++) expect(answered[i]).not.toBe(answered[i - 1]);
  });

  it("skips a hung instance at its deadline, answers from the next, and then tries the hung one last", async () => {
    const h = hung[0]!.address;
    const results = [];
    // Whichever one the turn starts at, within two calls the hung one is tried first once.
    for (let i = 0; i < 2; i++) results.push(await predictOnInstance([h, a], model, io, FAST));
    expect(results.map((r) => r.instance)).toEqual([a, a]);
    const skipped = results.flatMap((r) => r.skipped);
    expect(skipped).toEqual([{ instance: h, error: "no answer in time", detail: expect.stringMatching(/DEADLINE|deadline/i) }]);
    // Resting now: the healthy one is asked first every time, so no trial waits on the hung one.
    for (let i = 0; i < 4; i++) {
      const r = await predictOnInstance([h, a], model, io, FAST);
      expect([r.instance, r.skipped]).toEqual([a, []]);
    }
  });

  it("skips an instance that refuses connections", async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await predictOnInstance([dead, b], model, io, FAST));
    expect(results.map((r) => r.instance)).toEqual([b, b]);
    expect(results.flatMap((r) => r.skipped)).toEqual([{ instance: dead, error: "the instance did not answer", detail: expect.stringMatching(/ECONNREFUSED|No connection/) }]);
  });

  it("503s when every instance refuses, naming each", async () => {
    const dead = [`127.0.0.1:${await closedPort()}`, `127.0.0.1:${await closedPort()}`];
    const e = await predictOnInstance(dead, model, io, FAST).catch((x) => x);
    // In the order the turn starts at, which earlier calls moved: both, in some order.
    expect(e).toMatchObject({ status: 503, code: "unavailable" });
    expect(e.details.tried.map((t: { instance: string }) => t.instance).sort()).toEqual([...dead].sort());
  });

  it("504s when the instances hang, within the overall deadline however many there are", async () => {
    const three = hung.map((h) => h.address);
    const deadlines = { perInstanceMs: 400, totalMs: 700, restMs: 60_000 };
    const t0 = performance.now();
    const e = await predictOnInstance(three, model, io, deadlines).catch((x) => x);
    const elapsed = performance.now() - t0;
    expect(e).toMatchObject({ status: 504, code: "timeout" });
    expect(e.details.tried).toHaveLength(3);
    expect(e.details.tried.at(-1).error).toMatch(/not tried: the 700 ms deadline had passed/);
    // It waited for the deadline (never less); that it stopped there, not after three times 400 ms,
    // the third instance's "not tried" says, whatever the machine's speed.
    expect(elapsed).toBeGreaterThanOrEqual(650);
  });

  it("skips an instance answering INTERNAL or UNIMPLEMENTED (server errors) for the next healthy one", async () => {
    for (const bad of [internal, unimplemented]) {
      const results = [];
      // Whichever one the turn starts at, within two calls the failing one is tried first once.
      for (let i = 0; i < 2; i++) results.push(await predictOnInstance([bad, a], model, io, FAST));
      expect(results.map((r) => [r.instance, r.response.outputs.y!.values])).toEqual([
        [a, [4]],
        [a, [4]],
      ]);
      const skipped = results.flatMap((r) => r.skipped);
      expect(skipped).toEqual([{ instance: bad, error: "the instance did not answer", detail: expect.any(String) }]);
      expect(skipped[0]!.detail).toMatch(bad === internal ? /secret internals/ : /does not implement/);
    }
  });

  it("keeps the raw error of a failed instance out of the message: only adminDetail has it", async () => {
    const e = await predictOnInstance([internal, unimplemented], model, io, FAST).catch((x) => x);
    expect(e).toMatchObject({ status: 503, code: "unavailable" });
    expect(e.message).not.toMatch(/secret internals|UNIMPLEMENTED|INTERNAL/i);
    expect(e.details.tried).toEqual(expect.arrayContaining([{ instance: internal, error: "the instance did not answer" }]));
    expect(JSON.stringify(e.details)).not.toMatch(/secret internals/);
    expect(e.adminDetail).toMatch(/secret internals of 10\.9\.9\.9/);
  });

  it("answers with a client error as is, without trying another: INVALID_ARGUMENT is about the request", async () => {
    const e = await predictOnInstance([invalid], model, io, FAST).catch((x) => x);
    expect(e).toMatchObject({ status: 400, code: "bad_request", message: "secret internals of 10.9.9.9" });
  });

  it("answers with any other TF Serving error as is: the instance did answer", async () => {
    const e = await predictOnInstance([a, b], { name: "half_plus_two", version: 999 }, io, FAST).catch((x) => x);
    expect(e).toMatchObject({ status: 404 });
  });
});
