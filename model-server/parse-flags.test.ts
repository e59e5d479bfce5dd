import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseModelServerFlags } from "./parse-flags";

describe("model server flags", () => {
  it("reads TF Serving's flags and a model config file", () => {
    const options = parseModelServerFlags([`--model_config_file=${path.resolve(import.meta.dirname, "../test/fixtures/model.specific.conf")}`, "--port=9000", "--rest_api_port", "9001"]);
    expect(options).toMatchObject({ grpcPort: 9000, restPort: 9001, pollIntervalSeconds: 1, loadDelayMs: 200, registry: undefined });
    expect(options.models).toEqual([
      { name: "dnn", basePath: "/model/dnn/data/", modelPlatform: "tensorflow", versionPolicy: { kind: "specific", versions: [20200115, 20200116] }, versionLabels: {} },
    ]);
  });

  it("builds one model from --model_name/--model_base_path, as an absolute path", () => {
    const options = parseModelServerFlags(["--model_name=hp2", "--model_base_path=models/hp2", "--allow_version_labels_for_unavailable_models"]);
    expect(options.models).toEqual([{ name: "hp2", basePath: path.resolve("models/hp2"), modelPlatform: "tensorflow", versionPolicy: null, versionLabels: {} }]);
    expect(options.allowVersionLabelsForUnavailableModels).toBe(true);
  });

  it("reads the registry flags", () => {
    const options = parseModelServerFlags(["--registry_url=http://console:3000", "--registry_token=t", "--advertise_address=10.0.0.5"]);
    expect(options.registry).toEqual({ url: "http://console:3000", token: "t", advertiseHost: "10.0.0.5", intervalSeconds: 5, ttlSeconds: 15 });
  });

  it.each([
    [["--bogus=1"], /Unknown flag --bogus/],
    [["--port=abc"], /--port must be a number/],
    [["--model_config_file=a", "--model_base_path=b"], /Cannot specify both/],
    [["--registry_url=http://x"], /go together/],
    [["--model_config_file=/nonexistent.conf"], /nonexistent.conf/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseModelServerFlags(argv)).toThrow(message);
  });
});
