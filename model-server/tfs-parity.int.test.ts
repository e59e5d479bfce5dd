import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTfsClients, getTfsClient } from "@/server/tfs/grpc-client";
import { loadTfsProtos } from "@/server/tfs/load-protos";
import * as grpcJs from "@grpc/grpc-js";
import type { RunningModelServer } from "./start-model-server";
import { modelConfig, publishHalfPlusTwo, publishJsonModel, removeTempDirs, startQuietServer, tempDir } from "./test-support";

// Where TF Serving's documented behaviour (its REST API reference, json_tensor.cc,
// http_rest_api_handler.cc, model_service_impl.cc) was not what the dev server did.
describe("dev model server: TF Serving parity", () => {
  let server: RunningModelServer;
  let base: string;
  const url = (p: string) => `http://127.0.0.1:${server.restPort}${p}`;
  const post = async (p: string, body: string) => {
    const res = await fetch(url(p), { method: "POST", body });
    return { status: res.status, text: await res.text() };
  };
  const get = async (p: string) => {
    const res = await fetch(url(p));
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    const root = tempDir("parity");
    base = path.join(root, "half_plus_two");
    publishHalfPlusTwo(base);
    publishJsonModel(path.join(root, "counts"), 1, {
      kind: "logistic_regression",
      inputs: [
        { name: "n", size: 1, dtype: "DT_INT64" },
        { name: "k", size: 1, dtype: "DT_INT32" },
        { name: "d", size: 1, dtype: "DT_DOUBLE" },
      ],
      weights: [0, 0, 0],
      bias: 0,
    });
    server = await startQuietServer({ models: [modelConfig("half_plus_two", base), modelConfig("counts", path.join(root, "counts"))] });
  });

  afterAll(async () => {
    closeTfsClients();
    await server?.close();
    removeTempDirs();
  });

  describe("errors", () => {
    it("answers a version that does not fit an int64 with 400 'Failed to convert version'", async () => {
      for (const res of [await get("/v1/models/half_plus_two/versions/18446744073709551615"), await post("/v1/models/half_plus_two/versions/9223372036854775808:predict", "{}")]) {
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text).error).toMatch(/^Failed to convert version: \d+ to numeric\.$/);
      }
      // The largest int64 is a version: merely not found.
      expect((await get("/v1/models/half_plus_two/versions/9223372036854775807")).status).toBe(404);
    });

    it("answers GET /v1/models with 'Missing model name in request.'", async () => {
      const res = await get("/v1/models");
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toEqual({ error: "Missing model name in request." });
    });

    it("matches routes case-insensitively, as TF Serving's (?i) regexes do", async () => {
      expect((await get("/V1/Models/half_plus_two")).status).toBe(200);
      const res = await post("/v1/MODELS/half_plus_two:predict", '{"instances": [1.0]}');
      expect(res).toEqual({ status: 200, text: '{"predictions":[2.5]}' });
    });

    it("prints the request in 'JSON Value: ...' messages with RapidJSON's PrettyWriter", async () => {
      const res = await post("/v1/models/half_plus_two:predict", '{"instances": 1}');
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error).toBe('JSON Value: {\n    "instances": 1\n} Excepting \'instances\' to be an list/array');
      const notObject = await post("/v1/models/half_plus_two:predict", "[1, 2.5]");
      expect(JSON.parse(notObject.text).error).toBe("JSON Value: [\n    1,\n    2.5\n] Is not object");
      const signature = await post("/v1/models/half_plus_two:predict", '{"signature_name": 7}');
      expect(JSON.parse(signature.text).error).toBe(
        "JSON Value: {\n    \"signature_name\": 7\n} not formatted correctly. 'signature_name' key must be a string value.",
      );
    });

    it("answers JSON syntax errors with RapidJSON's text and byte offset", async () => {
      expect(JSON.parse((await post("/v1/models/half_plus_two:predict", "{not json")).text).error).toBe(
        "JSON Parse error: Missing a name for object member. at offset: 1",
      );
      expect(JSON.parse((await post("/v1/models/half_plus_two:predict", '{"instances": [1.]}')).text).error).toBe(
        "JSON Parse error: Miss fraction part in number. at offset: 17",
      );
      expect(JSON.parse((await post("/v1/models/half_plus_two:predict", "  ")).text).error).toBe("JSON Parse error: The document is empty. at offset: 2");
    });

    it("wraps an error in one instance with its element number", async () => {
      const res = await post("/v1/models/half_plus_two:predict", '{"instances": [1.0, "a"]}');
      expect(JSON.parse(res.text).error).toBe(
        "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: \"a\" Type: String is not of expected type: float",
      );
    });

    it("refuses HandleReloadConfigRequest without a config with INVALID_ARGUMENT", async () => {
      const { ModelService } = loadTfsProtos();
      const client = new ModelService(`127.0.0.1:${server.grpcPort}`, grpcJs.credentials.createInsecure());
      const reload = client.HandleReloadConfigRequest as (request: object, callback: (e: grpcJs.ServiceError | null) => void) => void;
      const error = await new Promise<grpcJs.ServiceError | null>((resolve) => reload.call(client, {}, resolve));
      client.close();
      expect(error?.code).toBe(grpcJs.status.INVALID_ARGUMENT);
      expect(error?.details).toBe("ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported");
      // Nothing was unloaded.
      expect((await getTfsClient(`127.0.0.1:${server.grpcPort}`).getModelStatus({ name: "half_plus_two" }))[0]?.state).toBe("AVAILABLE");
    });
  });

  describe("JSON numbers", () => {
    const regress = (example: string) => post("/v1/models/half_plus_two:regress", `{"signature_name": "regress_x_to_y", "examples": [${example}]}`);

    it("reads a whole number in an example as int64, refused for a float feature", async () => {
      const asInt = await regress('{"x": 2}');
      expect(asInt.status).toBe(400);
      expect(JSON.parse(asInt.text).error).toBe("Name: <unknown>, Key: x, Index: 0.  Data types don't match. Data type: int64 but expected type: float");
      expect(await regress('{"x": 2.0}')).toEqual({ status: 200, text: '{"results":[3.0]}' });
      expect(await regress('{"x": 2e0}')).toEqual({ status: 200, text: '{"results":[3.0]}' });
    });

    it("refuses at parse time a feature list mixing ints and floats, and values outside int64", async () => {
      expect(JSON.parse((await regress('{"x": [1, 2.5]}')).text).error).toBe("Unexpected element type in feature: x expecting type: int64");
      expect(JSON.parse((await regress('{"x": [2.5, 1]}')).text).error).toBe("Unexpected element type in feature: x expecting type: float");
      expect(JSON.parse((await regress('{"x": ["a", true]}')).text).error).toBe("Unexpected element type in feature: x expecting type: bytes");
      expect(JSON.parse((await regress('{"x": 9223372036854775808}')).text).error).toBe("Feature: x has uint64 element. Only int64 is supported.");
      expect(JSON.parse((await regress('{"x": null}')).text).error).toBe("Feature: x has element with unexpected JSON type: Null");
      expect(JSON.parse((await regress('{"x": 1e39}')).text).error).toBe("Cannot convert JSON value: 1e+39 to float without loss of precision.");
    });

    it("types predict tensors by the token: 2.0 is no int64, 16777217 is no float", async () => {
      const predict = (instance: string) => post("/v1/models/counts:predict", `{"instances": [${instance}]}`);
      expect((await predict('{"n": [3], "k": [1], "d": [2]}')).status).toBe(200);
      expect(JSON.parse((await predict('{"n": [3.0], "k": [1], "d": [2]}')).text).error).toBe(
        "Failed to process element: 0 key: n of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 3.0 Type: Number is not of expected type: int64",
      );
      expect(JSON.parse((await predict('{"n": [3], "k": [2147483648], "d": [2]}')).text).error).toMatch(/JSON Value: 2147483648 Type: Number is not of expected type: int32$/);
      expect(JSON.parse((await predict('{"n": [3], "k": [1], "d": [9007199254740993]}')).text).error).toMatch(
        /Cannot convert JSON value: 9007199254740993 to double without loss of precision\.$/,
      );
      const hp2 = await post("/v1/models/half_plus_two:predict", '{"instances": [16777217]}');
      expect(JSON.parse(hp2.text).error).toMatch(/Cannot convert JSON value: 16777217 to float without loss of precision\.$/);
    });

    it("prints floats as TF Serving does: %g with 6 digits, up to 9 when needed, exponents like 9e+06", async () => {
      const predict = async (xs: string) => (await post("/v1/models/half_plus_two:predict", `{"inputs": [${xs}]}`)).text;
      // y = 0.5x + 2
      expect(await predict("17999996.0, 1.0")).toBe('{"outputs":[9e+06,2.5]}');
      expect(await predict("2468.0")).toBe('{"outputs":[1236.0]}');
      expect(await predict("2469.5")).toBe('{"outputs":[1236.75]}');
      expect(await predict("2469134.5")).toBe('{"outputs":[1234569.25]}');
      expect(await predict("0.2")).toBe('{"outputs":[2.1]}');
    });
  });

  describe("MultiInference (gRPC only: TF Serving's REST API has no counterpart)", () => {
    const multi = async (request: object) => {
      const { PredictionService } = loadTfsProtos();
      const client = new PredictionService(`127.0.0.1:${server.grpcPort}`, grpcJs.credentials.createInsecure());
      const call = client.MultiInference as (request: object, callback: (e: grpcJs.ServiceError | null, response: unknown) => void) => void;
      try {
        return await new Promise<{ error: grpcJs.ServiceError | null; response: unknown }>((resolve) =>
          call.call(client, request, (error, response) => resolve({ error, response })),
        );
      } finally {
        client.close();
      }
    };
    const example = (x: number) => ({ features: { feature: { x: { float_list: { value: [x] } } } } });
    const task = (signature_name: string, method: "classify" | "regress", name = "half_plus_two") => ({
      model_spec: { name, signature_name },
      method_name: `tensorflow/serving/${method}`,
    });

    it("runs classify and regress signatures over the same examples, one result per task", async () => {
      const { error, response } = await multi({
        tasks: [task("regress_x_to_y", "regress"), task("classify_x_to_y", "classify"), task("regress_x_to_y2", "regress")],
        input: { example_list: { examples: [example(2), example(4)] } },
      });
      expect(error).toBeNull();
      const results = (response as { results: Array<Record<string, unknown>> }).results;
      expect(results.map((r) => r.result)).toEqual(["regression_result", "classification_result", "regression_result"]);
      expect(results[0]).toMatchObject({ model_spec: { name: "half_plus_two", version: { value: "123" }, signature_name: "regress_x_to_y" } });
      expect((results[0]?.regression_result as { regressions: unknown }).regressions).toEqual([{ value: 3 }, { value: 4 }]);
      expect((results[1]?.classification_result as { classifications: unknown }).classifications).toEqual([
        { classes: [{ label: "", score: 3 }] },
        { classes: [{ label: "", score: 4 }] },
      ]);
      expect((results[2]?.regression_result as { regressions: unknown }).regressions).toEqual([{ value: 4 }, { value: 5 }]);
    });

    it("refuses with TF Serving's messages", async () => {
      const input = { example_list: { examples: [example(1)] } };
      const cases: Array<[object[], number, string]> = [
        [[task("regress_x_to_y", "regress"), task("regress_x_to_y", "regress")], grpcJs.status.INVALID_ARGUMENT, "Duplicate evaluation of signature: regress_x_to_y"],
        [[task("regress_x_to_y", "regress"), task("regress_x_to_y2", "regress", "counts")], grpcJs.status.INVALID_ARGUMENT, "All ModelSpecs in a MultiInferenceRequest must access the same model name."],
        [[task("serving_default", "regress")].map((t) => ({ ...t, method_name: "tensorflow/serving/predict" })), grpcJs.status.UNIMPLEMENTED, "Unsupported signature method_name: tensorflow/serving/predict"],
        [[task("nope", "regress")], grpcJs.status.INVALID_ARGUMENT, "Requested signature not found in model graph: nope"],
        [[task("regress_x_to_y", "regress"), task("regress_x2_to_y3", "regress")], grpcJs.status.INVALID_ARGUMENT, "Input tensor must be the same for all Signatures."],
      ];
      for (const [tasks, code, details] of cases) {
        const { error } = await multi({ tasks, input });
        expect({ code: error?.code, details: error?.details }).toEqual({ code, details });
      }
    });
  });

  it('writes "defaults": {} in each REST signature def, after method_name', async () => {
    const res = await get("/v1/models/half_plus_two/metadata");
    const def = JSON.parse(res.text).metadata.signature_def.signature_def.serving_default;
    expect(Object.keys(def)).toEqual(["inputs", "outputs", "method_name", "defaults"]);
    expect(def.defaults).toEqual({});
  });
});
