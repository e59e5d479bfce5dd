import fs from "node:fs";
import path from "node:path";
import { parseModelConfigText } from "@/server/tfs/model-config";
import { parseTextFormat } from "@/server/tfs/text-format";
import type { ModelServerOptions } from "./start-model-server";

/** TF Serving's command-line flags (the subset the dev server honours), plus its own. */
export const USAGE = `Dev model server (TF Serving compatible; a development tool, not TF Serving)

  npx tsx model-server/main.ts --model_config_file=model.conf [--port=8500] [--rest_api_port=8501]
  npx tsx model-server/main.ts --model_name=half_plus_two --model_base_path=/models/half_plus_two

  --port=8500                          gRPC port (0: any free port)
  --rest_api_port=8501                 REST port (0: any free port)
  --model_config_file=PATH             model.conf in protobuf text format
  --model_name=NAME                    with --model_base_path: serve one model (default name "default")
  --model_base_path=PATH               folder holding one sub-folder per integer version
  --file_system_poll_wait_seconds=1    how often base paths are re-read (0: only on config reload)
  --allow_version_labels_for_unavailable_models
  --model_config_file_poll_wait_seconds=0
                                       re-read --model_config_file every N seconds and apply it
                                       (0: read once); it overrides configs sent by HandleReloadConfigRequest
  --grpc_socket_path=PATH              also serve gRPC on this Unix socket
  --grpc_channel_arguments=k=v,k2=v2   gRPC server channel arguments (e.g. grpc.max_connection_age_ms=2000)
  --rest_api_timeout_in_ms=30000       accepted; a no-op here (inference takes microseconds)
  --enable_batching [--batching_parameters_file=PATH]
                                       accepted (the file must parse); a no-op here: requests run one by one
  --keep_vanished_versions              keep a loaded version whose folder vanishes while the config still
                                       wants it (dev server only; TF Serving unloads it)
  --keep_vanished_versions             keep a loaded version whose folder vanishes while the config
                                       still wants it (dev server only; TF Serving unloads it)
  --model_roots=/models,/srv/tfs       refuse a config whose local base paths lie outside these folders
                                       (symbolic links followed; dev server only)
  --load_delay_ms=200                  how long a version stays LOADING (dev server only)
  --registry_url=URL --registry_token=TOKEN [--advertise_address=127.0.0.1]
  [--registry_interval_seconds=5] [--registry_ttl_seconds=15]
                                       register in the console's model registry (dev server only)`;

const NUMBER_FLAGS = [
  "port",
  "rest_api_port",
  "file_system_poll_wait_seconds",
  "model_config_file_poll_wait_seconds",
  "rest_api_timeout_in_ms",
  "load_delay_ms",
  "registry_interval_seconds",
  "registry_ttl_seconds",
];
const STRING_FLAGS = [
  "model_config_file",
  "model_name",
  "model_base_path",
  "grpc_socket_path",
  "grpc_channel_arguments",
  "batching_parameters_file",
  "registry_url",
  "registry_token",
  "advertise_address",
  "model_roots",
];
const BOOLEAN_FLAGS = ["allow_version_labels_for_unavailable_models", "enable_batching", "keep_vanished_versions"];

function readFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([a-z_]+)(?:=(.*))?$/.exec(argv[i] as string);
    if (!m) throw new Error(`Unexpected argument ${argv[i]}`);
    const name = m[1] as string;
    if (![...NUMBER_FLAGS, ...STRING_FLAGS, ...BOOLEAN_FLAGS].includes(name)) throw new Error(`Unknown flag --${name}`);
    let value = m[2];
    if (value === undefined) value = BOOLEAN_FLAGS.includes(name) ? "true" : argv[++i];
    if (value === undefined) throw new Error(`Flag --${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

function numberFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
  return n;
}

/**
 * TF Serving's --grpc_channel_arguments: "key=value" pairs separated by commas; a value that
 * parses as a 32-bit integer is passed as a number, any other as a string.
 */
export function parseGrpcChannelArguments(text: string): Record<string, string | number> {
  const args: Record<string, string | number> = {};
  for (const pair of text.split(",").filter((p) => p.trim() !== "")) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--grpc_channel_arguments: expected key=value, got "${pair}"`);
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const n = Number(value);
    args[key] = /^[-+]?\d+$/.test(value) && n >= -(2 ** 31) && n < 2 ** 31 ? n : value;
  }
  return args;
}

// TF Serving reads the batching parameters (a text-format BatchingParameters) only with
// --enable_batching, and refuses to start when the file does not parse.
function checkBatchingFile(file: string): void {
  try {
    parseTextFormat(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`--batching_parameters_file ${file}: ${(e as Error).message}`);
  }
}

function modelRootsFlag(raw: string | undefined): string[] {
  const roots = (raw ?? "").split(",").map((r) => r.trim()).filter(Boolean);
  for (const r of roots) if (!path.isAbsolute(r) || r.split("/").includes("..")) throw new Error(`--model_roots: expected absolute folders, got "${r}"`);
  return roots;
}

export function parseModelServerFlags(argv: readonly string[]): ModelServerOptions {
  const flags = readFlags(argv);
  const configFile = flags.get("model_config_file");
  const basePath = flags.get("model_base_path");
  if (configFile && basePath) throw new Error("Cannot specify both --model_config_file and --model_base_path");
  let models: ModelServerOptions["models"] = [];
  if (configFile) {
    try {
      models = parseModelConfigText(fs.readFileSync(configFile, "utf8"));
    } catch (e) {
      throw new Error(`${configFile}: ${(e as Error).message}`);
    }
  } else if (basePath) {
    const name = flags.get("model_name") ?? "default";
    models = [{ name, basePath: path.resolve(basePath), modelPlatform: "tensorflow", versionPolicy: null, versionLabels: {} }];
  }
  const configPollSeconds = numberFlag(flags, "model_config_file_poll_wait_seconds", 0);
  if (configPollSeconds > 0 && !configFile) throw new Error("--model_config_file_poll_wait_seconds needs --model_config_file");
  const batching = flags.get("enable_batching") === "true";
  const batchingFile = flags.get("batching_parameters_file");
  if (batching && batchingFile) checkBatchingFile(batchingFile);
  const channelArguments = flags.get("grpc_channel_arguments");
  const registryUrl = flags.get("registry_url");
  const registryToken = flags.get("registry_token");
  if (Boolean(registryUrl) !== Boolean(registryToken)) throw new Error("--registry_url and --registry_token go together");
  return {
    models,
    grpcPort: numberFlag(flags, "port", 8500),
    restPort: numberFlag(flags, "rest_api_port", 8501),
    pollIntervalSeconds: numberFlag(flags, "file_system_poll_wait_seconds", 1),
    loadDelayMs: numberFlag(flags, "load_delay_ms", 200),
    allowVersionLabelsForUnavailableModels: flags.get("allow_version_labels_for_unavailable_models") === "true",
    modelConfigFile: configFile && configPollSeconds > 0 ? { path: configFile, pollSeconds: configPollSeconds } : undefined,
    grpcSocketPath: flags.get("grpc_socket_path") || undefined,
    grpcChannelArguments: channelArguments ? parseGrpcChannelArguments(channelArguments) : undefined,
    restApiTimeoutMs: numberFlag(flags, "rest_api_timeout_in_ms", 30_000),
    enableBatching: batching,
    keepVanishedVersions: flags.get("keep_vanished_versions") === "true",
    modelRoots: modelRootsFlag(flags.get("model_roots")),
    registry:
      registryUrl && registryToken
        ? {
            url: registryUrl,
            token: registryToken,
            advertiseHost: flags.get("advertise_address"),
            intervalSeconds: numberFlag(flags, "registry_interval_seconds", 5),
            ttlSeconds: numberFlag(flags, "registry_ttl_seconds", 15),
          }
        : undefined,
  };
}
