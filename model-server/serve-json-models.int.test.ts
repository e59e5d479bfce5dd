import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTfsClients, getTfsClient, type TfsGrpcClient } from "@/server/tfs/grpc-client";
import { getTfsRestClient, type TfsRestClient } from "@/server/tfs/rest-client";
import type { RunningModelServer } from "./start-model-server";
import { modelConfig, publishJsonModel, removeTempDirs, startQuietServer, tempDir } from "./test-support";

const LR = {
  kind: "logistic_regression",
  inputs: [
    { name: "user", size: 2 },
    { name: "item", size: 1 },
  ],
  output: "probability",
  weights: [0.5, -1.2, 2.0],
  bias: 0.1,
};

const W1 = [
  [0.2, -0.5, 1.0, 0.0],
  [0.7, 0.1, -0.3, 0.4],
  [-1.1, 0.6, 0.25, 0.9],
];
const B1 = [0.05, -0.1, 0.0, 0.2];
const W2 = [
  [1.5, -0.4],
  [-2.0, 0.3],
  [0.8, 0.8],
  [0.1, -1.0],
];
const B2 = [-0.2, 0.6];

const MLP = {
  kind: "mlp",
  inputs: [{ name: "features", size: 3 }],
  output: "scores",
  layers: [
    { weights: W1, bias: B1 },
    { weights: W2, bias: B2 },
  ],
};

// Reference arithmetic, written out term by term rather than reusing the server's code.
// A wrong index reads NaN and fails the comparison.
const at = (v: number[], i: number) => v[i] ?? NaN;
const at2 = (m: number[][], i: number, j: number) => m[i]?.[j] ?? NaN;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const lr = (u0: number, u1: number, i0: number) => sigmoid(0.1 + 0.5 * u0 - 1.2 * u1 + 2.0 * i0);
function mlp(f: number[]): number[] {
  const h = [0, 1, 2, 3].map((k) => Math.max(0, at(B1, k) + at(f, 0) * at2(W1, 0, k) + at(f, 1) * at2(W1, 1, k) + at(f, 2) * at2(W1, 2, k)));
  return [0, 1].map((k) => sigmoid(at(B2, k) + at(h, 0) * at2(W2, 0, k) + at(h, 1) * at2(W2, 1, k) + at(h, 2) * at2(W2, 2, k) + at(h, 3) * at2(W2, 3, k)));
}

function expectClose(actual: unknown, expected: number[][]) {
  const rows = actual as number[][];
  expect(rows).toHaveLength(expected.length);
  rows.forEach((row, i) => {
    expect(row).toHaveLength(expected[i]?.length ?? -1);
    row.forEach((v, j) => expect(v).toBeCloseTo(at2(expected, i, j), 6));
  });
}

describe("dev model server: JSON models", () => {
  let server: RunningModelServer;
  let grpc: TfsGrpcClient;
  let rest: TfsRestClient;

  beforeAll(async () => {
    const root = tempDir("json-models");
    publishJsonModel(path.join(root, "lr"), 1, LR);
    publishJsonModel(path.join(root, "mlp"), 20200116, MLP);
    // Version 2 of lr is broken: 4 weights for 3 input values.
    publishJsonModel(path.join(root, "lr"), 2, { ...LR, weights: [1, 2, 3, 4] });
    server = await startQuietServer({
      models: [
        modelConfig("lr", path.join(root, "lr"), { kind: "specific", versions: [1, 2] }),
        modelConfig("mlp", path.join(root, "mlp")),
      ],
    });
    grpc = getTfsClient(`127.0.0.1:${server.grpcPort}`);
    rest = getTfsRestClient(`127.0.0.1:${server.restPort}`);
  });

  afterAll(async () => {
    closeTfsClients();
    await server?.close();
    removeTempDirs();
  });

  it("computes a logistic regression over concatenated inputs (gRPC)", async () => {
    const res = await grpc.predict({
      model: { name: "lr" },
      inputs: {
        user: { dtype: "float", shape: [2, 2], values: [1, 2, -0.5, 0.25] },
        item: { dtype: "float", shape: [2, 1], values: [0.75, -1] },
      },
    });
    expect(res.model.version).toBe(1);
    const probability = res.outputs.probability;
    expect(probability?.shape).toEqual([2, 1]);
    const values = (probability?.values ?? []) as number[];
    expectClose([values.slice(0, 1), values.slice(1, 2)], [[lr(1, 2, 0.75)], [lr(-0.5, 0.25, -1)]]);
  });

  it("computes a logistic regression from REST rows and columns", async () => {
    const rows = await rest.predict({ model: { name: "lr", version: 1 }, instances: [{ user: [1, 2], item: [0.75] }] });
    expectClose((rows as { predictions: unknown }).predictions, [[lr(1, 2, 0.75)]]);
    const cols = await rest.predict({ model: { name: "lr" }, inputs: { user: [[3, -1]], item: [[0.5]] } });
    expectClose((cols as { outputs: unknown }).outputs, [[lr(3, -1, 0.5)]]);
  });

  it("computes an MLP (relu hidden layer, sigmoid output) over both transports", async () => {
    const batch = [
      [1, 2, 3],
      [-1, 0.5, 0.2],
    ];
    const res = await grpc.predict({ model: { name: "mlp" }, inputs: { features: { dtype: "float", shape: [2, 3], values: batch.flat() } } });
    expect(res.model.version).toBe(20200116);
    const values = (res.outputs.scores?.values ?? []) as number[];
    expectClose([values.slice(0, 2), values.slice(2, 4)], batch.map(mlp));
    const viaRest = await rest.predict({ model: { name: "mlp" }, instances: batch });
    expectClose((viaRest as { predictions: unknown }).predictions, batch.map(mlp));
  });

  it("describes the JSON model's signature in the metadata", async () => {
    const { signatureDefs } = await rest.getModelMetadata({ name: "lr", version: 1 });
    expect(signatureDefs).toEqual({
      serving_default: {
        methodName: "tensorflow/serving/predict",
        inputs: { user: { name: "user:0", dtype: "DT_FLOAT", shape: [-1, 2] }, item: { name: "item:0", dtype: "DT_FLOAT", shape: [-1, 1] } },
        outputs: { probability: { name: "probability:0", dtype: "DT_FLOAT", shape: [-1, 1] } },
      },
    });
  });

  it("reports a broken version as END with its error, and keeps serving the good one", async () => {
    const statuses = await grpc.getModelStatus({ name: "lr" });
    expect(statuses).toEqual([
      { version: 2, state: "END", error: { code: "INVALID_ARGUMENT", message: "Invalid model.json: weights has 4 rows but the inputs give 3 values" } },
      { version: 1, state: "AVAILABLE", error: null },
    ]);
    const viaRest = await rest.getModelStatus({ name: "lr", version: 2 });
    expect(viaRest).toEqual([statuses[0]]);
  });

  it("refuses inputs of the wrong shape with 400", async () => {
    const call = grpc.predict({ model: { name: "mlp" }, inputs: { features: { dtype: "float", shape: [1, 2], values: [1, 2] } } });
    await expect(call).rejects.toMatchObject({ status: 400, message: "Input features must have shape [batch, 3], got [1,2]" });
    await expect(rest.predict({ model: { name: "lr" }, instances: [{ user: [1, 2] }] })).rejects.toMatchObject({ status: 400, message: /keys must be equal to: item,user/ });
  });
});
