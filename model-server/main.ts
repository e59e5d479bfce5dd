import { grpcStatusName } from "@/server/tfs/status-map";
import { parseModelServerFlags, USAGE } from "./parse-flags";
import { ServingError } from "./serving-error";
import { startModelServer } from "./start-model-server";

// Entry point: `npx tsx model-server/main.ts --model_config_file=... --port=8500 --rest_api_port=8501`.
const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}

let options;
try {
  options = parseModelServerFlags(argv);
} catch (e) {
  console.error(`${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

try {
  const server = await startModelServer(options);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (e) {
  const code = e instanceof ServingError ? `${grpcStatusName(e.code)}: ` : "";
  console.error(`Failed to start server. Error: ${code}${(e as Error).message}`);
  process.exit(1);
}
