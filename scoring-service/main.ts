// `npm run scoring-service -- --console=URL --app=favpush --port=8080` (README.md beside this file).
import { parseOptions, UsageError } from "./options";
import { startScoringService } from "./start-service";

const log = (line: string) => console.log(`[scoring-service] ${line}`);

async function main(): Promise<void> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`scoring-service: ${e.message}\nSee scoring-service/README.md.`);
    process.exit(2);
  }
  const service = await startScoringService(options, log);
  // One line a supervisor (npm start, the tests) reads to learn where it listens.
  log(`listening on ${service.url}`);
  let signalled = false;
  const stop = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log(`${signal}: no new requests; finishing the ones in flight`);
    service.stop().then(
      (drained) => {
        log(drained ? "stopped" : `stopped after ${options.drainTimeoutMs} ms with requests still in flight`);
        process.exit(drained ? 0 : 1);
      },
      (e: unknown) => {
        console.error("[scoring-service] stopping failed", e);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e: unknown) => {
  console.error(`[scoring-service] cannot start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
