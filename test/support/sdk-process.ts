import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { waitUntil } from "./etcd";

const root = path.resolve(import.meta.dirname, "../..");

export interface SdkSeen {
  releaseId: string;
  revision: number;
  versions: Record<string, string>;
  document: unknown;
}

/** Compiles sdk/ on its own (as a scoring service would ship it) into a temp folder; returns it. */
export function buildSdk(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-proc-"));
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "sdk/tsconfig.json"), "--outDir", out], { stdio: "pipe" });
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "commonjs" }));
  return out;
}

/**
 * A scoring service in ANOTHER process: plain Node running the built SDK, printing each config
 * it holds (the first one, then every change) as one JSON line.
 */
export interface SdkProcess {
  seen: SdkSeen[];
  errors: string[];
  /** Resolves when the process has a config for which `match` holds. */
  waitFor(match: (seen: SdkSeen) => boolean, what: string): Promise<SdkSeen>;
  /**
   * Resolves once the client was created (or rejects with its start-up error). The config it
   * started with is in `seen` by then: the process prints it before "ready", and the two lines
   * may reach this process in separate reads.
   */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startSdkProcess(sdkDir: string, options: Record<string, unknown> & { app: string }): SdkProcess {
  const script = `
    const sdk = require(${JSON.stringify(path.join(sdkDir, "index.js"))});
    const options = JSON.parse(process.argv[1]);
    const print = (c) => console.log(JSON.stringify({ seen: { releaseId: c.releaseId, revision: c.revision, versions: c.versions, document: c.document } }));
    sdk.createConfigClient({ ...options, retry: { minMs: 50, maxMs: 500 }, onError: (e) => console.log(JSON.stringify({ error: String(e && e.message || e) })) })
      .then((client) => {
        const first = client.getConfig(options.app);
        if (first) print(first);
        client.onChange(print);
        console.log(JSON.stringify({ ready: true }));
      })
      .catch((e) => { console.log(JSON.stringify({ failed: String(e && e.message || e) })); process.exit(1); });`;
  const child: ChildProcess = spawn(process.execPath, ["-e", script, JSON.stringify(options)], {
    cwd: sdkDir,
    // etcd mode loads etcd3 on demand; the service would have it in its own node_modules.
    env: { ...process.env, NODE_PATH: path.join(root, "node_modules") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const seen: SdkSeen[] = [];
  const errors: string[] = [];
  let readyState: "waiting" | "ready" | string = "waiting";
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const message = JSON.parse(line) as { seen?: SdkSeen; error?: string; ready?: boolean; failed?: string };
      if (message.seen) seen.push(message.seen);
      if (message.error) errors.push(message.error);
      if (message.ready) readyState = "ready";
      if (message.failed) readyState = message.failed;
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  const ready = waitUntil(() => readyState !== "waiting", { what: "the SDK process to start", timeoutMs: 20_000 }).then(() => {
    if (readyState !== "ready") throw new Error(`The SDK process failed to start: ${readyState}`);
  });
  return {
    seen,
    errors,
    ready,
    async waitFor(match, what) {
      await waitUntil(() => seen.some(match), { what: `the SDK process to see ${what} (errors: ${errors.slice(-3).join(" | ")})`, timeoutMs: 20_000 });
      return seen.find(match)!;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
