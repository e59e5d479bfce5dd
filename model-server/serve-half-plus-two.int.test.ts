import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTfsClients, getTfsClient, type TfsGrpcClient } from "@/server/tfs/grpc-client";
import { encodeMessage } from "@/server/tfs/load-protos";
import { getTfsRestClient, type TfsRestClient } from "@/server/tfs/rest-client";
import type { RunningModelServer } from "./start-model-server";
import { modelConfig, publishHalfPlusTwo, removeTempDirs, startQuietServer, tempDir } from "./test-support";

// half_plus_two from TF Serving's test data: y = 0.5x + 2, y2 = 0.5x + 3, y3 = 0.5x2 + 3.
describe("dev model server: half_plus_two", () => {
  let server: RunningModelServer;
  let grpc: TfsGrpcClient;
  let rest: TfsRestClient;
  const hp2 = { name: "half_plus_two" };

  beforeAll(async () => {
    const root = tempDir("hp2");
    publishHalfPlusTwo(path.join(root, "half_plus_two"));
    // A look-alike: same signatures, other variable values (like half_plus_three).
    const alike = publishHalfPlusTwo(path.join(root, "look_alike"), 7);
    fs.writeFileSync(path.join(alike, "variables", "variables.data-00000-of-00001"), Buffer.alloc(20));
    server = await startQuietServer({
      models: [modelConfig("half_plus_two", path.join(root, "half_plus_two")), modelConfig("look_alike", path.join(root, "look_alike"))],
    });
    grpc = getTfsClient(`127.0.0.1:${server.grpcPort}`);
    rest = getTfsRestClient(`127.0.0.1:${server.restPort}`);
  });

  afterAll(async () => {
    closeTfsClients();
    await server?.close();
    removeTempDirs();
  });

  it("answers the REST example of docs/models.md byte for byte", async () => {
    const res = await fetch(`http://127.0.0.1:${server.restPort}/v1/models/half_plus_two:predict`, {
      method: "POST",
      body: '{"instances": [1.0, 2.0, 5.0]}',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"predictions":[2.5,3.0,4.5]}');
  });

  it("predicts over gRPC, resolving the version and default signature", async () => {
    const res = await grpc.predict({ model: hp2, inputs: { x: { dtype: "float", shape: [3, 1], values: [1, 2, 5] } } });
    expect(res.model).toEqual({ name: "half_plus_two", version: 123, versionLabel: null, signatureName: "serving_default" });
    expect(res.outputs.y).toEqual({ dtype: "float", shape: [3, 1], values: [2.5, 3, 4.5] });
    const y3 = await grpc.predict({ model: { ...hp2, version: 123, signatureName: "regress_x2_to_y3" }, inputs: { inputs: { dtype: "float", shape: [1], values: [4] } } });
    expect(y3.outputs.outputs?.values).toEqual([5]);
  });

  it("predicts over REST in row and columnar format", async () => {
    expect(await rest.predict({ model: hp2, instances: [[1], [2]] })).toEqual({ predictions: [[2.5], [3]] });
    expect(await rest.predict({ model: { ...hp2, version: 123 }, inputs: [1, 3] })).toEqual({ outputs: [2.5, 3.5] });
    expect(await rest.predict({ model: { ...hp2, signatureName: "regress_x2_to_y3" }, inputs: [[4]] })).toEqual({ outputs: [[5]] });
  });

  it("takes binary strings as {\"b64\": ...} in REST Predict, row and columnar", async () => {
    // classify_x_to_y's input is a DT_STRING of serialized tf.Examples: binary (float 1.0 is
    // 00 00 80 3f, not UTF-8), so JSON can only carry it base64-encoded.
    const example = (x: number) => ({ b64: Buffer.from(encodeMessage("tensorflow.Example", { features: { feature: { x: { float_list: { value: [x] } } } } })).toString("base64") });
    const post = (body: object) =>
      fetch(`http://127.0.0.1:${server.restPort}/v1/models/half_plus_two:predict`, { method: "POST", body: JSON.stringify({ signature_name: "classify_x_to_y", ...body }) });
    const rows = await post({ instances: [example(1), example(3)] });
    expect(rows.status).toBe(200);
    expect(await rows.text()).toBe('{"predictions":[[2.5],[3.5]]}');
    const columns = await post({ inputs: { inputs: [example(5)] } });
    expect(await columns.text()).toBe('{"outputs":[[4.5]]}');
    const notBase64 = await post({ inputs: [{ b64: 5 }] });
    expect(notBase64.status).toBe(400);
    // TF Serving prints the value with RapidJSON's PrettyWriter.
    expect(await notBase64.json()).toEqual({ error: 'JSON Value: {\n    "b64": 5\n} not formatted correctly for base64 data' });
  });

  it("classifies and regresses tf.Examples over both transports", async () => {
    const examples = [{ x: 1 }, { x: 3 }];
    for (const client of [grpc, rest]) {
      const classified = await client.classify({ model: { ...hp2, signatureName: "classify_x_to_y" }, examples });
      expect(classified.classifications).toEqual([[{ label: "", score: 2.5 }], [{ label: "", score: 3.5 }]]);
      const regressed = await client.regress({ model: { ...hp2, signatureName: "regress_x_to_y2" }, examples, context: { unused: "ctx" } });
      expect(regressed.values).toEqual([3.5, 4.5]);
    }
  });

  it("reports the five signature defs read from saved_model.pb", async () => {
    for (const client of [grpc, rest]) {
      const { model, signatureDefs } = await client.getModelMetadata(hp2);
      expect(model).toMatchObject({ name: "half_plus_two", version: 123 });
      expect(Object.keys(signatureDefs).sort()).toEqual(["classify_x_to_y", "regress_x2_to_y3", "regress_x_to_y", "regress_x_to_y2", "serving_default"]);
      expect(signatureDefs.serving_default).toEqual({
        methodName: "tensorflow/serving/predict",
        inputs: { x: { name: "x:0", dtype: "DT_FLOAT", shape: [-1, 1] } },
        outputs: { y: { name: "y:0", dtype: "DT_FLOAT", shape: [-1, 1] } },
      });
      expect(signatureDefs.classify_x_to_y).toEqual({
        methodName: "tensorflow/serving/classify",
        inputs: { inputs: { name: "tf_example:0", dtype: "DT_STRING", shape: null } },
        outputs: { scores: { name: "y:0", dtype: "DT_FLOAT", shape: [-1, 1] } },
      });
      expect(signatureDefs.regress_x_to_y2?.outputs).toEqual({ outputs: { name: "y2:0", dtype: "DT_FLOAT", shape: [-1, 1] } });
    }
  });

  it("serves a SavedModel it cannot execute for metadata, and refuses to predict with it", async () => {
    const { signatureDefs } = await grpc.getModelMetadata({ name: "look_alike" });
    expect(Object.keys(signatureDefs)).toHaveLength(5);
    const call = grpc.predict({ model: { name: "look_alike" }, inputs: { x: { dtype: "float", shape: [1], values: [1] } } });
    await expect(call).rejects.toMatchObject({ code: "not_implemented", status: 501, details: { grpcStatus: "UNIMPLEMENTED" } });
    await expect(rest.predict({ model: { name: "look_alike" }, instances: [1] })).rejects.toMatchObject({ status: 501, message: /cannot execute/ });
  });

  it("answers an unknown model or version with 404", async () => {
    const x = { x: { dtype: "float" as const, shape: [1], values: [1] } };
    await expect(grpc.predict({ model: { name: "nope" }, inputs: x })).rejects.toMatchObject({
      status: 404,
      message: "Servable not found for request: Latest(nope)",
      details: { grpcCode: 5, grpcStatus: "NOT_FOUND" },
    });
    await expect(grpc.predict({ model: { ...hp2, version: 999 }, inputs: x })).rejects.toMatchObject({
      status: 404,
      message: "Servable not found for request: Specific(half_plus_two, 999)",
    });
    await expect(rest.getModelStatus({ name: "nope" })).rejects.toMatchObject({ status: 404, message: "Could not find any versions of model nope" });
    await expect(grpc.getModelStatus({ ...hp2, version: 999 })).rejects.toMatchObject({ status: 404, message: "Could not find version 999 of model half_plus_two" });
    await expect(rest.predict({ model: { ...hp2, version: 999 }, instances: [1] })).rejects.toMatchObject({ status: 404 });
  });

  it("answers a bad tensor with 400", async () => {
    const wrongType = grpc.predict({ model: hp2, inputs: { x: { dtype: "string", shape: [1], values: ["a"] } } });
    await expect(wrongType).rejects.toMatchObject({ status: 400, message: "Expects arg[0] to be float but string is provided" });
    const wrongAlias = grpc.predict({ model: hp2, inputs: { z: { dtype: "float", shape: [1], values: [1] } } });
    await expect(wrongAlias).rejects.toMatchObject({ status: 400, message: /input tensor alias not found in signature: z/ });
    await expect(rest.predict({ model: hp2, instances: ["a"] })).rejects.toMatchObject({ status: 400, message: /not of expected type: float/ });
    await expect(rest.predict({ model: hp2, inputs: [[1, 2], [3]] })).rejects.toMatchObject({ status: 400, message: /unexpected size/ });
    const noFeature = rest.regress({ model: { ...hp2, signatureName: "regress_x_to_y" }, examples: [{ y: 1 }] });
    await expect(noFeature).rejects.toMatchObject({ status: 400, message: /Feature: x \(data type: float\) is required/ });
    await expect(grpc.classify({ model: hp2, examples: [{ x: 1 }] })).rejects.toMatchObject({ status: 400, message: /Expected classification signature/ });
  });

  it("answers malformed REST requests like TF Serving", async () => {
    const post = (url: string, body: string) => fetch(`http://127.0.0.1:${server.restPort}${url}`, { method: "POST", body });
    const bad = await post("/v1/models/half_plus_two:predict", "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.stringMatching(/^JSON Parse error/) });
    expect((await post("/v1/models/half_plus_two:explode", "{}")).status).toBe(400);
    const badSignature = await post("/v1/models/half_plus_two:predict", '{"signature_name": "nope", "instances": [1]}');
    // REST reads the signature's inputs first (HttpRestApiHandler::GetInfoMap), with its own words.
    expect(await badSignature.json()).toEqual({ error: 'Serving signature name: "nope" not found in signature def' });
  });
});
