import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { encodeMessage } from "@/server/tfs/load-protos";
import { writeTfRecords } from "@/server/tfs/tfrecord";
import { buildWarmupFile } from "@/server/tfs/warmup-file";
import type { RunningModelServer } from "./start-model-server";
import { modelConfig, publishHalfPlusTwo, removeTempDirs, startQuietServer, tempDir, waitFor } from "./test-support";
import { WARMUP_FILE } from "./warmup";

// TF Serving replays assets.extra/tf_serving_warmup_requests (TFRecord of PredictionLog)
// when a version loads, before it is AVAILABLE; a failing warmup request fails the load.
describe("dev model server: SavedModel warmup", () => {
  let server: RunningModelServer | undefined;
  const logs: string[] = [];
  const x = (values: number[]) => ({ x: { dtype: "float" as const, shape: [values.length, 1], values } });

  afterEach(async () => {
    closeTfsClients();
    await server?.close();
    server = undefined;
    logs.length = 0;
  });
  afterAll(removeTempDirs);

  function publishWithWarmup(base: string, version: number, warmup: Buffer): void {
    const dir = publishHalfPlusTwo(base, version);
    fs.mkdirSync(path.join(dir, "assets.extra"));
    fs.writeFileSync(path.join(dir, WARMUP_FILE), warmup);
  }

  it("replays the console-built warmup file before the version is AVAILABLE, and logs how many", async () => {
    const base = path.join(tempDir("warmup"), "half_plus_two");
    const file = buildWarmupFile([
      { model: { name: "half_plus_two" }, inputs: x([1]) },
      { model: { name: "ignored-name", signatureName: "serving_default" }, inputs: x([1, 2, 3]) },
    ]);
    publishWithWarmup(base, 1, file);
    server = await startQuietServer({ models: [modelConfig("half_plus_two", base)], log: (m) => logs.push(m) });
    const finished = logs.findIndex((m) => /Finished reading warmup data for model at .*tf_serving_warmup_requests\. Number of warmup records read: 2\./.test(m));
    const loaded = logs.findIndex((m) => m.startsWith("Successfully loaded servable version {name: half_plus_two version: 1}"));
    expect(finished).toBeGreaterThanOrEqual(0);
    expect(loaded).toBeGreaterThan(finished);
  });

  it("fails the load when a warmup request fails, or the file is not TFRecord", async () => {
    const root = tempDir("warmup-bad");
    server = await startQuietServer({ models: [], log: (m) => logs.push(m) });
    const client = getTfsClient(`127.0.0.1:${server.grpcPort}`);
    publishWithWarmup(path.join(root, "bad_request"), 1, buildWarmupFile([{ model: { name: "m" }, inputs: { z: { dtype: "float", shape: [1], values: [1] } } }]));
    publishWithWarmup(path.join(root, "not_tfrecord"), 1, Buffer.from("not a tfrecord file"));
    const one = encodeMessage("tensorflow.serving.PredictionLog", {
      regress_log: { request: { model_spec: { signature_name: "regress_x_to_y" }, input: { example_list: { examples: [{ features: { feature: { x: { float_list: { value: [1] } } } } }] } } } },
    });
    publishWithWarmup(path.join(root, "too_many"), 1, writeTfRecords(Array(1001).fill(one)));
    publishWithWarmup(path.join(root, "no_log_type"), 1, writeTfRecords([encodeMessage("tensorflow.serving.PredictionLog", {})]));
    for (const name of ["bad_request", "not_tfrecord", "too_many", "no_log_type"]) {
      await expect(client.handleReloadConfigRequest([modelConfig(name, path.join(root, name))])).rejects.toMatchObject({ status: 500 });
    }
    const bad = await waitFor(async () => (await client.getModelStatus({ name: "bad_request" }))[0], "bad_request status");
    expect(bad).toMatchObject({ state: "END", error: { code: "INVALID_ARGUMENT", message: expect.stringMatching(/input tensor alias not found in signature: z/) } });
    expect((await client.getModelStatus({ name: "too_many" }))[0]?.error).toEqual({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/^Number of warmup records exceeeds the maximum \(1000\) at .*tf_serving_warmup_requests$/),
    });
    expect((await client.getModelStatus({ name: "no_log_type" }))[0]?.error).toEqual({ code: "UNIMPLEMENTED", message: "Unsupported log_type for warmup: 0" });
    const corrupt = (await client.getModelStatus({ name: "not_tfrecord" }))[0];
    expect(corrupt).toMatchObject({ state: "END", error: { code: "DATA_LOSS", message: expect.stringMatching(/Please verify your warmup data is in TFRecord format\.$/) } });
  });
});
