import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningModelServer } from "@/model-server/start-model-server";
import { modelConfig, publishHalfPlusTwo, publishJsonModel, removeTempDirs, startQuietServer, tempDir } from "@/model-server/test-support";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { describeProbe, percentile, probeOtherModels, zeroRequest } from "./probe-other-models";

// The probe of "loads slow other models": Predicts of each other model, p99 per window.
describe("probing the other models of an instance", () => {
  let server: RunningModelServer;
  let address: string;

  beforeAll(async () => {
    const root = tempDir("probe");
    publishHalfPlusTwo(path.join(root, "half_plus_two"));
    publishJsonModel(path.join(root, "lr"), 1, {
      kind: "logistic_regression",
      inputs: [{ name: "user", size: 2 }, { name: "n", size: 1, dtype: "DT_INT64" }],
      weights: [1, 1, 1],
      bias: 0,
    });
    server = await startQuietServer({ models: [modelConfig("half_plus_two", path.join(root, "half_plus_two")), modelConfig("lr", path.join(root, "lr"))] });
    address = `127.0.0.1:${server.grpcPort}`;
  });

  afterAll(async () => {
    closeTfsClients();
    await server?.close();
    removeTempDirs();
  });

  it("builds a zero request from the model's metadata that the model answers", async () => {
    const request = await zeroRequest(address, "lr");
    expect(request.inputs).toEqual({
      user: { dtype: "float", shape: [1, 2], values: [0, 0] },
      n: { dtype: "int64", shape: [1, 1], values: ["0"] },
    });
    const res = await getTfsClient(address).predict(request);
    expect(res.outputs.probability?.values).toEqual([0.5]);
  });

  it("reports each model's p99 over the Predicts of the window, and one line of progress each", async () => {
    const probe = probeOtherModels([{ address, model: "half_plus_two" }, { address, model: "lr" }, { address, model: "absent" }], 20);
    const first = await probe.report();
    probe.stop();
    expect(first.map((r) => r.model)).toEqual(["half_plus_two", "lr", "absent"]);
    for (const r of first.slice(0, 2)) {
      expect(r.count).toBeGreaterThanOrEqual(1);
      expect(r.p99Ms).toBeGreaterThan(0);
      expect(describeProbe(r, "during load")).toMatch(new RegExp(`^${r.model} during load: p99 \\d+\\.\\d ms over \\d+ Predicts every 200 ms \\(zero request\\)$`));
    }
    expect(first[2]?.notProbed).toMatch(/Servable not found|not found/);
    expect(describeProbe(first[2]!, "during load")).toMatch(/^absent not probed during load: /);
  });

  it("takes the nearest-rank percentile", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 99)).toBeNull();
  });
});
