import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface ScoringServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed (stdout and stderr), for a failing test's message. */
  output(): string;
  /** Resolves with the exit code once it exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * The scoring service as production runs it: its own Node process (scoring-service/main.ts through
 * tsx), the token in its environment. Resolves once it prints the address it listens on; rejects
 * with its output when it exits first.
 */
export function startScoringServiceProcess(args: string[], env: Record<string, string>): Promise<ScoringServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scoring-service/main.ts"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) {
        child.stdout!.off("data", onData);
        child.stdout!.on("data", (c: Buffer) => (text += c.toString("utf8")));
        resolve({
          url: m[1]!,
          child,
          output: () => text,
          exited,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            return exited;
          },
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (text += c.toString("utf8")));
    void exited.then((code) => reject(new Error(`the scoring service exited (${code}) before listening:\n${text}`)));
  });
}
