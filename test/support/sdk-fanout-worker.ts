/**
 * One of the processes of an SDK fan-out (test/support/sdk-fanout.ts): runs many SDK clients
 * (createConfigClient over HTTP, each with its own long-poll) following one app, and records
 * every callback with a clock all processes on the machine share (the wall clock, read at
 * sub-millisecond precision through performance.timeOrigin + performance.now()).
 *
 * Talks to its parent over the IPC channel (messages in sdk-fanout.ts): "start" creates the
 * clients, then each time all of them hold a version it says so ("all"), "report" sends every
 * client's callbacks, "close" closes the clients and exits.
 */
import { createConfigClient } from "../../sdk/src/create-config-client";
import type { ConfigClient } from "../../sdk/src/core/published/types";
import { startCpuProfile } from "./cpu-profile-window";
import type { FanoutReport, FanoutStart, ToParent, ToWorker } from "./sdk-fanout-messages";

const now = () => performance.timeOrigin + performance.now();
const send = (message: ToParent) => process.send?.(message);

const clients: ConfigClient[] = [];
/** Per client: the versions its callback saw, in order, and when. */
const seenVersions: string[][] = [];
const seenAt: number[][] = [];
/** Per version: how many clients have seen it. */
const holding = new Map<string, number>();
const errors: string[] = [];
let errorCount = 0;
let clientCount = 0;
let versionKey = "";
let profile: Promise<{ stop(): Promise<string> }> | null = null;
let profileWritten: Promise<unknown> = Promise.resolve();

function onError(error: Error) {
  errorCount++;
  if (errors.length < 20) errors.push(error.message);
}

function record(index: number, version: string) {
  seenVersions[index]!.push(version);
  seenAt[index]!.push(now());
  const count = (holding.get(version) ?? 0) + 1;
  holding.set(version, count);
  if (count === clientCount) {
    const cpu = process.cpuUsage();
    send({ type: "all", version, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
}

/** A client, retried up to 10 times: thousands start at once and the console (on a loaded machine, minutes behind) may be slow to answer some. */
async function connect(options: FanoutStart, attempt = 1): Promise<ConfigClient> {
  try {
    return await createConfigClient({
      url: options.url,
      token: options.token,
      app: options.app,
      waitSeconds: options.waitSeconds,
      retry: { minMs: 100, maxMs: 1_000 },
      onError,
    });
  } catch (error) {
    if (attempt >= 10) throw error;
    onError(error instanceof Error ? error : new Error(String(error)));
    return connect(options, attempt + 1);
  }
}

async function start(options: FanoutStart) {
  clientCount = options.count;
  versionKey = options.versionKey;
  // Created in slices so the console's listen backlog sees a steady stream, not a burst.
  for (let first = 0; first < options.count; first += options.slice) {
    const indexes = Array.from({ length: Math.min(options.slice, options.count - first) }, (_, i) => first + i);
    await Promise.all(
      indexes.map(async (index) => {
        seenVersions[index] = [];
        seenAt[index] = [];
        const client = await connect(options);
        clients[index] = client;
        client.onChange((config) => record(index, config.versions[versionKey] ?? ""));
      }),
    );
  }
  const dir = process.env.FANOUT_CPU_PROF;
  if (dir) profile = startCpuProfile(dir, "fanout-client");
  send({ type: "ready", count: clients.length });
}

process.on("message", (message: ToWorker) => {
  if (message.type === "start") {
    start(message.options).catch((error: unknown) => {
      send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    });
  } else if (message.type === "report") {
    profileWritten = profile?.then((p) => p.stop()) ?? profileWritten;
    profile = null;
    const report: FanoutReport = { versions: seenVersions, at: seenAt, errorCount, errors };
    send({ type: "report", report });
  } else if (message.type === "close") {
    void Promise.all([profileWritten, ...clients.map((client) => client.close())]).finally(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
