import fs from "node:fs";
import os from "node:os";
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

  it("takes the TF Serving flags users pass every day", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flags-"));
    const conf = path.join(dir, "model.conf");
    fs.writeFileSync(conf, "model_config_list {}\n");
    const batching = path.join(dir, "batching.conf");
    fs.writeFileSync(batching, "max_batch_size { value: 128 }\nbatch_timeout_micros { value: 0 }\n");
    const options = parseModelServerFlags([
      `--model_config_file=${conf}`,
      "--model_config_file_poll_wait_seconds=60",
      "--rest_api_timeout_in_ms=5000",
      "--grpc_socket_path=/tmp/tfs.sock",
      "--grpc_channel_arguments=grpc.max_connection_age_ms=2000,grpc.primary_user_agent=dev",
      "--enable_batching",
      `--batching_parameters_file=${batching}`,
    ]);
    expect(options).toMatchObject({
      modelConfigFile: { path: conf, pollSeconds: 60 },
      restApiTimeoutMs: 5000,
      grpcSocketPath: "/tmp/tfs.sock",
      grpcChannelArguments: { "grpc.max_connection_age_ms": 2000, "grpc.primary_user_agent": "dev" },
      enableBatching: true,
    });
    fs.writeFileSync(batching, "max_batch_size {");
    expect(() => parseModelServerFlags(["--enable_batching", `--batching_parameters_file=${batching}`])).toThrow(/--batching_parameters_file/);
    // Without --enable_batching TF Serving does not read the file.
    expect(parseModelServerFlags([`--batching_parameters_file=${batching}`]).enableBatching).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [["--grpc_channel_arguments=novalue"], /expected key=value/],
    [["--model_config_file_poll_wait_seconds=5"], /needs --model_config_file/],
    [["--bogus=1"], /Unknown flag --bogus/],
    [["--port=abc"], /--port must be a number/],
    [["--model_config_file=a", "--model_base_path=b"], /Cannot specify both/],
    [["--registry_url=http://x"], /go together/],
    [["--model_config_file=/nonexistent.conf"], /nonexistent.conf/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseModelServerFlags(argv)).toThrow(message);
  });
});
