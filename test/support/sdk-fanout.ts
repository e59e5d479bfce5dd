import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { FanoutReport, FanoutStart, ToParent, ToWorker } from "./sdk-fanout-messages";

const root = path.resolve(import.meta.dirname, "../..");
const workerScript = path.join(import.meta.dirname, "sdk-fanout-worker.ts");

export interface SdkFanoutOptions {
  url: string;
  token: string;
  app: string;
  versionKey: string;
  clients: number;
  processes: number;
  waitSeconds?: number;
  /** Clients each process creates at once (default 250). */
  slice?: number;
}

export interface SdkFanout {
  /** Resolves once every client holds the app's current release (and is long-polling for the next). */
  ready: Promise<void>;
  /** Resolves true once every client's callback has seen `version`, false after `timeoutMs`. */
  allHold(version: string, timeoutMs: number): Promise<boolean>;
  /** Per version: the CPU time (ms) each process had used when all its clients held it. */
  cpuWhenHeld: Map<string, number[]>;
  /** Every client's callbacks (clients of process 0 first). */
  report(): Promise<FanoutReport>;
  close(): Promise<void>;
}

/**
 * Many SDK clients in child processes (none in this one), spread evenly over `processes`
 * workers (sdk-fanout-worker.ts, run by tsx). Each child first raises its soft open-file limit
 * to the hard one, since every client holds a socket.
 */
export function startSdkFanout(options: SdkFanoutOptions): SdkFanout {
  const children: ChildProcess[] = [];
  const holding = new Map<string, number>();
  const cpuWhenHeld = new Map<string, number[]>();
  const wanted = new Map<string, Array<() => void>>();
  let readyCount = 0;
  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  for (let n = 0; n < options.processes; n++) {
    const count = Math.floor(options.clients / options.processes) + (n < options.clients % options.processes ? 1 : 0);
    // FANOUT_CPU_PROF=<dir> (in the environment it inherits): each worker writes a V8 CPU profile
    // there of its life from "ready" to "report" (its releases, not its set-up).
    const child = spawn("/bin/sh", ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', "sh", process.execPath, "--import", "tsx", workerScript], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    children.push(child);
    child.on("message", (message: ToParent) => {
      if (message.type === "ready") {
        if (++readyCount === options.processes) resolveReady();
      } else if (message.type === "failed") {
        rejectReady(new Error(`An SDK fan-out process failed to start its clients: ${message.message}`));
      } else if (message.type === "all") {
        const cpu = cpuWhenHeld.get(message.version) ?? Array<number>(options.processes).fill(NaN);
        cpu[n] = message.cpuMs;
        cpuWhenHeld.set(message.version, cpu);
        const processesHolding = (holding.get(message.version) ?? 0) + 1;
        holding.set(message.version, processesHolding);
        if (processesHolding === options.processes) for (const resolve of wanted.get(message.version) ?? []) resolve();
      }
    });
    child.on("exit", (code) => {
      if (readyCount < options.processes) rejectReady(new Error(`An SDK fan-out process exited (${code}) before its clients were ready`));
    });
    const start: FanoutStart = {
      url: options.url,
      token: options.token,
      app: options.app,
      versionKey: options.versionKey,
      count,
      waitSeconds: options.waitSeconds ?? 30,
      slice: options.slice ?? 250,
    };
    post(child, { type: "start", options: start });
  }

  return {
    ready,
    cpuWhenHeld,
    allHold(version, timeoutMs) {
      if (holding.get(version) === options.processes) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        const list = wanted.get(version) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
        wanted.set(version, list);
      });
    },
    async report() {
      const parts = await Promise.all(
        children.map(
          (child) =>
            new Promise<FanoutReport>((resolve) => {
              const onMessage = (message: ToParent) => {
                if (message.type !== "report") return;
                child.off("message", onMessage);
                resolve(message.report);
              };
              child.on("message", onMessage);
              post(child, { type: "report" });
            }),
        ),
      );
      return {
        versions: parts.flatMap((part) => part.versions),
        at: parts.flatMap((part) => part.at),
        errorCount: parts.reduce((sum, part) => sum + part.errorCount, 0),
        errors: parts.flatMap((part) => part.errors),
      };
    },
    async close() {
      await Promise.all(
        children.map((child) => {
          if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
          const exited = new Promise((resolve) => child.once("exit", resolve));
          if (child.connected) post(child, { type: "close" });
          else child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          return exited.finally(() => clearTimeout(timer));
        }),
      );
    },
  };
}

function post(child: ChildProcess, message: ToWorker) {
  child.send(message);
}

export interface DeliveryCheck {
  /** Client-releases never seen. */
  lost: number;
  /** Callbacks beyond the first for one release. */
  duplicates: number;
  /** Callbacks carrying a release older than one seen before. */
  outOfOrder: number;
  /** Callbacks with a version that was not published during the run. */
  unexpected: number;
  /** Clients with any of the above. */
  clientsWrong: number;
}

/** Checks that every client saw each of `releases` exactly once and in that order. */
export function checkDeliveries(versions: string[][], releases: string[]): DeliveryCheck {
  const position = new Map(releases.map((version, i) => [version, i]));
  const check: DeliveryCheck = { lost: 0, duplicates: 0, outOfOrder: 0, unexpected: 0, clientsWrong: 0 };
  for (const seen of versions) {
    const counts = new Map<string, number>();
    let last = -1;
    let wrong = false;
    for (const version of seen) {
      const at = position.get(version);
      if (at === undefined) {
        check.unexpected++;
        wrong = true;
        continue;
      }
      counts.set(version, (counts.get(version) ?? 0) + 1);
      if (counts.get(version)! > 1) {
        check.duplicates++;
        wrong = true;
      } else if (at < last) {
        check.outOfOrder++;
        wrong = true;
      }
      last = Math.max(last, at);
    }
    for (const version of releases) {
      if (!counts.has(version)) {
        check.lost++;
        wrong = true;
      }
    }
    if (wrong) check.clientsWrong++;
  }
  return check;
}
